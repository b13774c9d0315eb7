namespace Keygate.WhatsApp.Messages;

/// <summary>
/// A send made under an <c>Idempotency-Key</c>: which request it was (a hash of the number and the body) and, once
/// known, the answer it got, which a retry with the same key is given instead of a second send.
/// </summary>
internal sealed class IdempotentSend
{
    /// <summary>Whose key it is: the API key's id, or <c>user:</c> and the user's id for a dashboard session.</summary>
    public required string Scope { get; init; }
    public required string Key { get; init; }
    /// <summary>SHA-256 (hex) of the phone number id and the body: the same key on another request is refused.</summary>
    public required string RequestHash { get; init; }
    /// <summary>The answer's status; null while the send is in flight.</summary>
    public int? Status { get; init; }
    public string? Body { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime ExpiresAt { get; init; }
}

/// <summary>A claimed key: the send goes ahead, and its answer is stored under it.</summary>
internal sealed record IdempotencyTicket(string Scope, string Key);

internal enum IdempotencyState
{
    /// <summary>First use of the key: send.</summary>
    Claimed,
    /// <summary>Sent before: the stored answer is the answer.</summary>
    Answered,
    /// <summary>The first request with this key has no answer yet.</summary>
    InFlight,
    /// <summary>The key was used for another request.</summary>
    Reused,
    /// <summary>The first request never got an answer and never will (the node that sent it stopped): it may have been sent.</summary>
    Abandoned,
}

internal sealed record IdempotencyClaim(IdempotencyState State, IdempotencyTicket? Ticket = null, int Status = 0, string? Body = null);
