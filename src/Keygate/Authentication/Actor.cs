namespace Keygate.Authentication;

/// <summary>
/// Who asks a lifecycle service for a change, and from where: what the audit trail records. Built from the request
/// by the API and the dashboard alike, so a service never reads an <see cref="HttpContext"/>. <see cref="Key"/> is the
/// calling key as verified (null for a dashboard session): its own restrictions bound what it may hand out.
/// </summary>
internal sealed record Actor(Caller Caller, string? Address, KeySnapshot? Key = null)
{
    public static Actor From(HttpContext http) =>
        new(Caller.From(http.User), http.Connection.RemoteIpAddress?.ToString(), http.Features.Get<KeySnapshot>());
}
