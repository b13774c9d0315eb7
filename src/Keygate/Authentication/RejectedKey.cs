using Keygate.Keys;

namespace Keygate.Authentication;

/// <summary>A real key named by a request that was refused, kept for usage counting and misuse detection.</summary>
internal sealed record RejectedKey(KeySnapshot Key, AuthenticationFailure Failure);
