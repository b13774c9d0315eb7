using Keygate.Keys;
using Microsoft.AspNetCore.Authorization;

namespace Keygate.Limits;

/// <summary>
/// Runs after authorization, so a request refused for its credentials or permissions spends nothing; then hands the
/// request to <see cref="KeyAdmission"/>, which charges it.
/// </summary>
internal sealed class LimitsMiddleware(RequestDelegate next, KeyAdmission admission)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Only calls that need a caller spend its allowance: a key sent to an anonymous endpoint (/healthz) spends nothing.
        if (context.Features.Get<KeySnapshot>() is not { } key || context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null)
        {
            await next(context);
            return;
        }
        if (await admission.AdmitRequestAsync(context, key))
        {
            await next(context);
        }
    }
}
