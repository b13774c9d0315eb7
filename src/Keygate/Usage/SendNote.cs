namespace Keygate.Usage;

/// <summary>
/// What a send adds to its request's observation: the recipient, noted once the send is admitted (misuse counts the
/// recipients a key reaches, whether or not the provider then takes the message), and the message's type once the
/// provider took it there and then (usage counts it). A send whose outcome comes later reports its acceptance through
/// <see cref="KeyObservations.Accepted"/> instead.
/// </summary>
internal sealed class SendNote
{
    private SendNote(string recipient) => Recipient = recipient;

    public string Recipient { get; }

    /// <summary>The type of the message the provider accepted during the request; null while it has not.</summary>
    public string? AcceptedType { get; private set; }

    /// <summary>Notes on the request that a send to <paramref name="recipient"/> was admitted.</summary>
    public static SendNote Admitted(HttpContext http, string recipient)
    {
        var note = new SendNote(recipient);
        http.Features.Set(note);
        return note;
    }

    public void Accepted(string type) => AcceptedType = type;
}
