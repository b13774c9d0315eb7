namespace Keygate.Usage;

/// <summary>
/// The one way observations reach usage counting and misuse detection: each answered key request once (from
/// <see cref="KeyRequestObservation"/>, or from <c>POST /v1/keys/verify</c> for the key it checked), and each message
/// accepted after its request was observed. Nothing else calls an <see cref="IKeyRequestObserver"/>.
/// </summary>
internal sealed class KeyObservations(IEnumerable<IKeyRequestObserver> observers)
{
    private readonly IKeyRequestObserver[] _observers = [.. observers];

    public void Observe(in KeyRequest request)
    {
        foreach (var observer in _observers)
        {
            observer.Observe(request);
        }
    }

    public void Accepted(in AcceptedMessage message)
    {
        foreach (var observer in _observers)
        {
            observer.ObserveAccepted(message);
        }
    }
}
