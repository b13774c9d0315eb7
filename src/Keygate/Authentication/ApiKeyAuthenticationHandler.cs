using System.Text.Encodings.Web;
using Keygate.Coordination;
using Keygate.Http;
using Keygate.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Keygate.Authentication;

internal sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// The API key scheme as ASP.NET Core's authorization sees it. <see cref="KeyAuthentication"/> has judged the
/// request's credentials before anything asks; this scheme reports that judgement, and answers challenges (401, or 429
/// while the key is locked against guessing) and refusals (403) as problem documents.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IMisuseState misuse) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(
        Context.Features.Get<KeySnapshot>() is not null
            ? AuthenticateResult.Success(new AuthenticationTicket(Context.User, SchemeName))
            : Context.Features.Get<AuthenticationFailure>() is { } failure
            ? AuthenticateResult.Fail(failure.Code)
            : AuthenticateResult.NoResult());

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Features.Get<AuthenticationFailure>() ?? AuthenticationFailure.Missing;
        if (failure == AuthenticationFailure.GuessingLocked && Context.Features.Get<RejectedKey>() is { } rejected)
        {
            RetryAfter.Set(Response, misuse.GuessingLock(rejected.Key.Id));
        }
        await CredentialChallenge.WriteAsync(Context, failure.Status, failure.Code, failure.Detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.WriteAsync(Context, 403, ProblemCodes.InsufficientPermissions, "This API key lacks the permission this call needs.");
}
