namespace Keygate.Http;

/// <summary>Endpoints that serve back bytes a caller uploaded, from the same origin as the dashboard.</summary>
internal static class UploadedContent
{
    /// <summary>
    /// An upload may be HTML or script under any declared type. The browser must not guess its type (nosniff), run
    /// anything in it or let it reach the dashboard's origin (a sandboxing content policy that allows nothing), or show
    /// it in place: it is saved as a file (<c>attachment</c>; a handler that knows the file's name replaces this with one
    /// that carries it).
    /// </summary>
    public static TBuilder ServesUploadedContent<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
            headers.ContentDisposition = "attachment";
            return next(context);
        });
}
