using Microsoft.AspNetCore.Authorization;

namespace Keygate.Authorization;

/// <summary>The permission policy on a dashboard page, the way <see cref="Policies.RequirePermission{TBuilder}"/> puts it on an endpoint.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class RequirePermissionAttribute : AuthorizeAttribute
{
    public RequirePermissionAttribute(Permission permission) => Policy = Policies.For(permission);
}
