namespace Peers;

/// <summary>The answer every gate gives to GET /v1/ping, serialized as Keygate's is: <c>{"ok":true}</c>.</summary>
internal sealed record Pong(bool Ok)
{
    public static readonly Pong Instance = new(true);
}
