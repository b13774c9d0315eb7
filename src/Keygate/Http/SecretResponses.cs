namespace Keygate.Http;

/// <summary>Endpoints whose answer carries a secret or a one-time password, shown once.</summary>
internal static class SecretResponses
{
    /// <summary>
    /// <c>Cache-Control: no-store</c> on every answer of the endpoint: no browser cache or history, and no shared proxy,
    /// may keep a copy of a secret that is shown only once. Set before the handler runs, so whichever result it returns carries it.
    /// </summary>
    public static TBuilder CarriesSecret<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static (context, next) =>
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            return next(context);
        });
}
