using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
/// secret of a number the events name.
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

    private static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, KeygateDbContext db, SecretProtector protector, MetaEvents events, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBody)
        {
            return Problems.Create(413, ProblemCodes.InvalidRequest, "Meta's events are far smaller than this.");
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return Problems.Create(400, ProblemCodes.InvalidRequest, "The body is not JSON.");
        }
        using (document)
        {
            // The body is untrusted until the signature holds: it only tells which numbers' secrets to try.
            var ids = MetaEvents.PhoneNumberIds(document.RootElement);
            var numbers = await db.PhoneNumbers.AsNoTracking().Where(p => ids.Contains(p.Id) && p.Provider == PhoneNumberProvider.Meta).ToListAsync(cancellationToken);
            var signature = request.Headers[WebhookSignature.Header].ToString();
            var signer = numbers.FirstOrDefault(n => SignedBy(n, body, signature, protector));
            if (signer is null)
            {
                return Problems.Create(401, ProblemCodes.InvalidCredentials, "X-Hub-Signature-256 does not match the app secret of the numbers these events name.");
            }
            await events.ProcessAsync(document.RootElement, numbers.Where(n => n.AccountId == signer.AccountId).ToList(), cancellationToken);
        }
        return TypedResults.Ok();
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
