using System.Security.Cryptography;
using System.Text;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Storage;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Providers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Inbound;

/// <summary>
/// <c>/webhooks/meta</c>: where Meta calls Keygate. GET answers Meta's verification challenge for a number's
/// verify token; POST takes Meta's events, trusted only when <c>X-Hub-Signature-256</c> matches the app
/// secret of a registered number, and applied only to the numbers whose secret that is.
/// </summary>
internal static class MetaWebhookEndpoints
{
    private const int MaxBody = 1024 * 1024;

    public static RouteGroupBuilder MapMetaWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/webhooks/meta").WithTags("Meta webhooks").AllowAnonymous();
        group.MapGet("/", VerifyAsync).WithName("VerifyMetaWebhook");
        group.MapPost("/", ReceiveAsync).WithName("ReceiveMetaWebhook");
        return group;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> VerifyAsync(
        [FromQuery(Name = "hub.mode")] string? mode, [FromQuery(Name = "hub.verify_token")] string? token, [FromQuery(Name = "hub.challenge")] string? challenge,
        KeygateDbContext db, SecretProtector protector, CancellationToken cancellationToken)
    {
        if (mode != "subscribe" || token is null || challenge is not { Length: > 0 and <= 256 })
        {
            return Problems.Create(400, ProblemCodes.InvalidRequest, "Expected hub.mode=subscribe, hub.verify_token and hub.challenge.");
        }
        var numbers = await db.PhoneNumbers.AsNoTracking().Where(p => p.Provider == PhoneNumberProvider.Meta && p.EncryptedVerifyToken != null).ToListAsync(cancellationToken);
        var presented = Encoding.UTF8.GetBytes(token);
        var known = numbers.Any(n => CryptographicOperations.FixedTimeEquals(
            protector.Decrypt(n.EncryptedVerifyToken!, MetaProvider.AssociatedData(n.Id)), presented));
        return known
            ? TypedResults.Text(challenge, "text/plain")
            : Problems.Create(403, ProblemCodes.InsufficientPermissions, "The verify token matches no registered number.");
    }

    private static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(HttpRequest request, KeygateDbContext db, SecretProtector protector,
        MetaEvents events, WebhookSignatureThrottle throttle, TimeProvider time, CancellationToken cancellationToken)
    {
        // A locked address is refused before its body is read: past its wrong signatures it costs no hashing.
        var address = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.LockedFor(address) is { TotalSeconds: > 0 } wait)
        {
            RetryAfter.Set(request.HttpContext.Response, wait);
            return Problems.Create(429, ProblemCodes.RateLimited, "Too many events with a wrong signature came from this address; wait before sending again.");
        }
        if (request.ContentLength > MaxBody || await ReadCappedAsync(request.Body, cancellationToken) is not { } body)
        {
            return Problems.Create(413, ProblemCodes.InvalidRequest, $"Meta's events are far smaller than {MaxBody} bytes.");
        }
        // The signature is checked over the raw bytes before anything reads them: until it holds, the body is
        // anyone's, so no parser (and no parser bug) ever sees an unsigned body.
        var signature = request.Headers[WebhookSignature.Header].ToString();
        var signers = WebhookSignature.IsWellFormed(signature) ? await SignersAsync(db, protector, body, signature, cancellationToken) : [];
        if (signers.Count == 0)
        {
            await throttle.FailedAsync(address);
            return Problems.Create(401, ProblemCodes.InvalidCredentials, "X-Hub-Signature-256 does not match the app secret of any registered number.");
        }
        if (MetaEventParser.Parse(body, time.GetUtcNow().UtcDateTime) is not { } changes)
        {
            return Problems.Create(400, ProblemCodes.InvalidRequest, "The body is not JSON that Keygate can read.");
        }
        await events.ApplyAsync(changes, signers, cancellationToken);
        return TypedResults.Ok();
    }

    /// <summary>The body, or null past <see cref="MaxBody"/>: counted as it streams, since a chunked body declares no length.</summary>
    private static async Task<byte[]?> ReadCappedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBody)
            {
                return null;
            }
            body.Write(chunk, 0, read);
        }
        return body.ToArray();
    }

    /// <summary>
    /// The registered Meta numbers whose app secret made this signature. Every number's secret is tried, not
    /// only those of numbers the body names, because the body cannot be read before it is trusted; events about
    /// a WABA rather than a number (template, account, quality updates) name no number at all.
    /// </summary>
    private static async Task<List<PhoneNumber>> SignersAsync(KeygateDbContext db, SecretProtector protector, byte[] body, string signature, CancellationToken cancellationToken)
    {
        var numbers = await db.PhoneNumbers.AsNoTracking().Where(p => p.Provider == PhoneNumberProvider.Meta && p.EncryptedAppSecret != null).ToListAsync(cancellationToken);
        return [.. numbers.Where(n => SignedBy(n, body, signature, protector))];
    }

    private static bool SignedBy(PhoneNumber number, byte[] body, string signature, SecretProtector protector)
    {
        var secret = protector.Decrypt(number.EncryptedAppSecret!, MetaProvider.AssociatedData(number.Id));
        try
        {
            return WebhookSignature.Matches(secret, body, signature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
