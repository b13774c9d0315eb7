namespace Keygate.Authorization;

/// <summary>
/// Who asks a lifecycle service for a change, and from where: what the audit trail records. Built from the request
/// by the API and the dashboard alike, so a service never reads an <see cref="HttpContext"/>.
/// </summary>
internal sealed record Actor(Caller Caller, string? Address)
{
    public static Actor From(HttpContext http) => new(Caller.From(http.User), http.Connection.RemoteIpAddress?.ToString());
}
