using System.Text.Json;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Limits;
using Keygate.Misuse;
using Keygate.Storage;
using Keygate.Usage;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.Media;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Providers;
using Keygate.WhatsApp.Templates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Messages;

public sealed record SendMessageResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("messaging_product")] string MessagingProduct,
    IReadOnlyList<SentContact> Contacts,
    IReadOnlyList<SentMessage> Messages);

public sealed record SentContact(string Input, [property: System.Text.Json.Serialization.JsonPropertyName("wa_id")] string WaId);

public sealed record SentMessage(string Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("message_status"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? MessageStatus);

/// <summary>
/// <c>POST /{version}/{phone-number-id}/messages</c>, as Meta's Cloud API takes it. In order: the number
/// (the account's, and one the key may use), the body (Meta's rules and codes), the permission (a
/// template-only key sends templates only), the recipient (non-production keys only to test recipients),
/// the template or the 24-hour window, the message quota, then the provider.
/// </summary>
internal static class SendMessage
{
    public static async Task<Results<Ok<SendMessageResponse>, Ok<MarkReadResponse>, ContentHttpResult, JsonHttpResult<MetaErrorEnvelope>>> HandleAsync(
        string phoneNumberId, JsonElement body, HttpContext http, PhoneNumberDirectory numbers, KeygateDbContext db,
        ConversationWindows windows, TemplateCache templates, ContactBook contacts, MediaStore media, KeyLimiter limiter, SandboxProvider sandbox, MetaProvider meta, UsageRecorder usage,
        MisuseMonitor misuse, MessageLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var key = http.Features.Get<KeySnapshot>();
        var (number, unusable) = await numbers.ForCallerAsync(http, caller.AccountId, phoneNumberId, cancellationToken);
        if (number is null)
        {
            return unusable!;
        }
        if (MessageParser.IsMarkAsRead(body))
        {
            return await MarkRead.HandleAsync(http, caller, number, body, db, log, time, cancellationToken);
        }

        var (message, rejection) = MessageParser.Parse(body);
        if (rejection is not null)
        {
            return Reject(http, rejection);
        }
        var outgoing = message!;
        if (!caller.Holds(Permission.MessagesSend) && !(outgoing.Type == "template" && caller.Holds(Permission.MessagesSendTemplate)))
        {
            var needs = caller.Holds(Permission.MessagesSendTemplate) ? "This API key may send template messages only." : "This call needs the 'messages:send' permission.";
            return MetaErrors.Result(http, 403, 200, needs, ProblemCodes.InsufficientPermissions);
        }
        var testOnly = key is not null && key.Environment != KeyEnvironment.Production;
        if (testOnly && !await IsTestRecipientAsync(db, number, outgoing.WaId, cancellationToken))
        {
            return MetaErrors.Result(http, 403, 200,
                "A non-production key may message the account's test recipients only (PATCH /v1/phone-numbers/{sandbox id} to add them).", ProblemCodes.RecipientNotAllowed);
        }
        if (await TemplateSendRules.CheckAsync(templates, contacts, caller, number, outgoing, cancellationToken) is { } notAllowed)
        {
            return Reject(http, notAllowed);
        }
        // Meta enforces its own templates and window for real sends; the sandbox, playing Meta, enforces them here.
        var toMeta = number.Provider == PhoneNumberProvider.Meta && !testOnly;
        if (!toMeta && await SandboxRules.CheckAsync(templates, windows, contacts, media, NumberBinding.Of(http), number, outgoing, cancellationToken) is { } broken)
        {
            return Reject(http, broken);
        }
        if (key is not null && await limiter.TryAcquireAsync(key, new Charge(0, 1), cancellationToken) is { Allowed: false } refused)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(refused.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return MetaErrors.Result(http, 429, refused.Code == ProblemCodes.QuotaExceeded ? 4 : MetaErrors.Throughput,
                $"The '{refused.Tightest?.Name}' limit of this key is reached.", refused.Code!);
        }

        if (key is not null)
        {
            misuse.ObserveSend(key, outgoing.WaId);
        }
        if (toMeta)
        {
            return await SendToMetaAsync(http, meta, number, key, outgoing, body, usage, time, cancellationToken);
        }
        var wamid = await sandbox.SendAsync(number, key?.Id, outgoing);
        if (key is not null)
        {
            usage.RecordMessage(key.Id, key.AccountId, outgoing.Type, time.GetUtcNow());
        }
        return TypedResults.Ok(new SendMessageResponse("whatsapp", [new SentContact(outgoing.To, outgoing.WaId)],
            [new SentMessage(wamid, outgoing.Type == "template" ? "accepted" : null)]));
    }

    /// <summary>Meta's answer goes back as Meta gave it; only an upstream that never answered becomes Keygate's own error.</summary>
    private static async Task<Results<Ok<SendMessageResponse>, Ok<MarkReadResponse>, ContentHttpResult, JsonHttpResult<MetaErrorEnvelope>>> SendToMetaAsync(
        HttpContext http, MetaProvider meta, PhoneNumber number, KeySnapshot? key, OutgoingMessage outgoing, JsonElement body, UsageRecorder usage,
        TimeProvider time, CancellationToken cancellationToken)
    {
        MetaAnswer answer;
        try
        {
            answer = await meta.SendAsync(number, key?.Id, outgoing, body.GetRawText(), cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or Polly.Timeout.TimeoutRejectedException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return MetaErrors.Result(http, 503, 2, "Meta's Cloud API did not answer in time; the message may not have been sent.", ProblemCodes.Unavailable);
        }
        if (answer.Succeeded && key is not null)
        {
            usage.RecordMessage(key.Id, key.AccountId, outgoing.Type, time.GetUtcNow());
        }
        return TypedResults.Content(answer.Body, "application/json", System.Text.Encoding.UTF8, answer.Status);
    }

    private static JsonHttpResult<MetaErrorEnvelope> Reject(HttpContext http, MessageRejection rejection) =>
        MetaErrors.Result(http, rejection.Status, rejection.MetaCode, rejection.Message, rejection.Details);

    /// <summary>
    /// The account's test recipients live on its sandbox number. A send through that number (the usual test send) has
    /// them already, from the directory's cache; only a test key aimed at a Meta number needs the query.
    /// </summary>
    private static async Task<bool> IsTestRecipientAsync(KeygateDbContext db, PhoneNumber number, string waId, CancellationToken cancellationToken)
    {
        if (number.Provider == PhoneNumberProvider.Sandbox)
        {
            return number.TestRecipients.Contains(waId);
        }
        var recipients = await db.PhoneNumbers.AsNoTracking()
            .Where(p => p.AccountId == number.AccountId && p.Provider == PhoneNumberProvider.Sandbox)
            .Select(p => p.TestRecipients).FirstOrDefaultAsync(cancellationToken);
        return recipients?.Contains(waId) == true;
    }
}
