namespace Peers;

/// <summary>The key check as one middleware in front of everything: 401 without a valid key, no ASP.NET authentication.</summary>
internal static class KeyCheckGate
{
    public static void UseKeyCheck(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<KeyStore>();
        app.Use((context, next) =>
        {
            if (keys.Verify(context.Request.Headers.Authorization) is null)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }
            return next(context);
        });
    }
}
