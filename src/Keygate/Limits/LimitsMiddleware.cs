using Keygate.Keys;
using Microsoft.AspNetCore.Authorization;

namespace Keygate.Limits;

/// <summary>
/// Runs after authorization, so a request refused for its credentials or permissions spends nothing; then hands the
/// request to <see cref="KeyAdmission"/>, which charges it.
/// </summary>
internal sealed class LimitsMiddleware(RequestDelegate next, KeyAdmission admission)
{
    public Task InvokeAsync(HttpContext context)
    {
        // Only calls that need a caller spend its allowance: a key sent to an anonymous endpoint (/healthz) spends nothing.
        if (context.Features.Get<KeySnapshot>() is not { } key || context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null)
        {
            return next(context);
        }
        var admitted = admission.AdmitRequestAsync(context, key);
        // A warm decision is made synchronously: the request goes on without a state machine of its own.
        return admitted.IsCompletedSuccessfully
            ? admitted.Result ? next(context) : Task.CompletedTask
            : ThenNextAsync(admitted, context);
    }

    private async Task ThenNextAsync(ValueTask<bool> admitted, HttpContext context)
    {
        if (await admitted)
        {
            await next(context);
        }
    }
}
