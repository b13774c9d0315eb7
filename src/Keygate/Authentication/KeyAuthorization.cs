using System.Collections.Concurrent;
using System.Collections.Frozen;
using Keygate.Authorization;
using Keygate.Keys;
using Microsoft.AspNetCore.Authorization;

namespace Keygate.Authentication;

/// <summary>
/// Authorization with a fast lane for the request an API serves most: a key calling an endpoint that needs no more
/// than an authenticated caller and permissions (<see cref="Policies.RequirePermission{TBuilder}"/>). Such a key
/// holding every permission goes straight on, read from its snapshot. Everything else (an anonymous caller, a session,
/// roles, a key lacking a permission) goes through ASP.NET Core's authorization middleware, so every refusal is still
/// decided and answered there, in one place; the lane only lets through what that middleware would let through.
/// </summary>
internal sealed class KeyAuthorization
{
    private static readonly FrozenDictionary<string, Permission> PermissionPolicies =
        PermissionCatalog.All.ToFrozenDictionary(entry => Policies.For(entry.Bit), entry => entry.Bit, StringComparer.Ordinal);

    private readonly ConcurrentDictionary<Endpoint, Permission?> _needs = new();
    private readonly RequestDelegate _next;
    private readonly AuthorizationMiddleware _general;

    public KeyAuthorization(RequestDelegate next, IAuthorizationPolicyProvider policies, IServiceProvider services)
    {
        _next = next;
        _general = new AuthorizationMiddleware(next, policies, services);
    }

    public Task InvokeAsync(HttpContext context) =>
        context.Features.Get<KeySnapshot>() is { } key && context.GetEndpoint() is { } endpoint
            && _needs.GetOrAdd(endpoint, NeedsOf) is { } needs && (key.Permissions & needs) == needs
            ? _next(context)
            : _general.Invoke(context);

    /// <summary>
    /// The permissions an endpoint's authorization comes down to for a key, or null when it asks anything else (or
    /// nothing: an endpoint without authorization data is left to the general middleware, which knows the defaults).
    /// </summary>
    private static Permission? NeedsOf(Endpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        var authorizeData = metadata.GetOrderedMetadata<IAuthorizeData>();
        if (authorizeData.Count == 0 || metadata.GetMetadata<IAllowAnonymous>() is not null
            || metadata.GetMetadata<AuthorizationPolicy>() is not null || metadata.GetMetadata<IAuthorizationRequirementData>() is not null)
        {
            return null;
        }
        var needs = Permission.None;
        foreach (var data in authorizeData)
        {
            if (!string.IsNullOrEmpty(data.Roles) || !string.IsNullOrEmpty(data.AuthenticationSchemes))
            {
                return null;
            }
            if (data.Policy is null)
            {
                continue; // the default policy: an authenticated caller, which a key is
            }
            if (!PermissionPolicies.TryGetValue(data.Policy, out var permission))
            {
                return null;
            }
            needs |= permission;
        }
        return needs;
    }
}

internal static class KeyAuthorizationExtensions
{
    /// <summary>As for authentication: without the mark <c>UseAuthorization()</c> leaves, WebApplication adds its own in front.</summary>
    private const string AspNetCoreAuthorizationAdded = "__AuthorizationMiddlewareSet";

    public static IApplicationBuilder UseKeygateAuthorization(this IApplicationBuilder app)
    {
        app.Properties[AspNetCoreAuthorizationAdded] = true;
        return app.UseMiddleware<KeyAuthorization>();
    }
}
