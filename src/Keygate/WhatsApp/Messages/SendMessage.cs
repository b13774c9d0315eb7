using System.Text.Json;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Keys;
using Keygate.Limits;
using Keygate.Storage;
using Keygate.Usage;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.Media;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Providers;
using Keygate.WhatsApp.Templates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Messages;

public sealed record SendMessageResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("messaging_product")] string MessagingProduct,
    IReadOnlyList<SentContact> Contacts,
    IReadOnlyList<SentMessage> Messages);

public sealed record SentContact(string Input, [property: System.Text.Json.Serialization.JsonPropertyName("wa_id")] string WaId);

public sealed record SentMessage(string Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("message_status"), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? MessageStatus);

/// <summary>
/// <c>POST /{version}/{phone-number-id}/messages</c>, as Meta's Cloud API takes it. In order: the number (the account's,
/// and one the key may use), the body, the permission (a template-only key sends templates only), the recipient
/// (non-production keys only to test recipients), the Idempotency-Key, the rules, the message quota, then the provider.
/// The body is judged by Meta's rules on the sandbox, which plays Meta; to a number at Meta it goes as written, and
/// Keygate checks only what it owns (permission, binding, opt-out), Meta the rest.
/// </summary>
internal static class SendMessage
{
    public static async Task<Results<Ok<SendMessageResponse>, Ok<MarkReadResponse>, ContentHttpResult, JsonHttpResult<MetaErrorEnvelope>>> HandleAsync(
        string phoneNumberId, JsonElement body, HttpContext http, PhoneNumberDirectory numbers, KeygateDbContext db,
        ConversationWindows windows, TemplateCache templates, ContactBook contacts, MediaStore media, KeyAdmission admission, SandboxProvider sandbox, MetaProvider meta,
        MetaSends metaSends, IdempotentSends idempotency, MessageLog log, IOptions<MetaOptions> metaOptions,
        IOptions<JsonOptions> json, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var key = http.Features.Get<KeySnapshot>();
        var (number, unusable) = await numbers.ForCallerAsync(http, caller.AccountId, phoneNumberId, cancellationToken);
        if (number is null)
        {
            return unusable!;
        }
        var testOnly = key is not null && key.Environment != KeyEnvironment.Production;
        var toMeta = number.Provider == PhoneNumberProvider.Meta && !testOnly;
        if (MessageParser.IsMarkAsRead(body))
        {
            return await MarkRead.HandleAsync(http, caller, number, toMeta, body, db, log, meta, metaOptions, time, cancellationToken);
        }

        var (message, rejection) = toMeta ? MessageParser.ReadForMeta(body) : MessageParser.Parse(body);
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
        if (testOnly && !await IsTestRecipientAsync(db, number, outgoing.WaId, cancellationToken))
        {
            return MetaErrors.Result(http, 403, 200,
                "A non-production key may message the account's test recipients only (PATCH /v1/phone-numbers/{sandbox id} to add them).", ProblemCodes.RecipientNotAllowed);
        }
        if (await TemplateSendRules.CheckAsync(templates, contacts, caller, number, outgoing, cancellationToken) is { } notAllowed)
        {
            return Reject(http, notAllowed);
        }

        var (idempotencyKey, invalidKey) = IdempotentSends.KeyOf(http.Request);
        if (invalidKey)
        {
            return MetaErrors.Result(http, 400, MetaErrors.InvalidParameter,
                $"The {IdempotentSends.Header} header must be one value of 1 to {IdempotentSends.MaxKeyLength} printable ASCII characters.", ProblemCodes.InvalidRequest);
        }
        IdempotencyTicket? ticket = null;
        if (idempotencyKey is not null)
        {
            var claim = await idempotency.ClaimAsync(caller.KeyId ?? "user:" + caller.UserId, idempotencyKey, IdempotentSends.Hash(number.Id, body.GetRawText()), cancellationToken);
            if (claim.Ticket is null)
            {
                return Repeated(http, claim);
            }
            ticket = claim.Ticket;
        }
        var sent = false;
        try
        {
            var (refused, failure, category) = await CheckAsync(http, number, outgoing, toMeta, key, windows, templates, contacts, media, admission, cancellationToken);
            if (refused is not null)
            {
                await ReleaseAsync(idempotency, ticket);
                return refused;
            }
            var note = SendNote.Admitted(http, outgoing.WaId);
            if (toMeta)
            {
                sent = true;
                return await SendToMetaAsync(http, metaSends, new MetaSends.Request(number, key, outgoing, body.GetRawText(), ticket, MetaErrors.TraceIdOf(http)), cancellationToken);
            }
            var wamid = await sandbox.SendAsync(number, key?.Id, outgoing,
                new SandboxDelivery(category, MessageContentRules.String(body, "biz_opaque_callback_data"), failure));
            sent = true;
            note.Accepted(outgoing.Type);
            var response = new SendMessageResponse("whatsapp", [new SentContact(outgoing.To, outgoing.WaId)],
                [new SentMessage(wamid, outgoing.Type == "template" ? "accepted" : null)]);
            if (ticket is null)
            {
                return TypedResults.Ok(response);
            }
            // Kept as written, so that a retry gets the very bytes the first request got.
            var written = JsonSerializer.Serialize(response, json.Value.SerializerOptions);
            await idempotency.CompleteAsync(ticket, new MetaAnswer(200, written));
            return TypedResults.Content(written, "application/json", System.Text.Encoding.UTF8, 200);
        }
        catch (Exception) when (ticket is not null && !sent)
        {
            // Failed before anything was sent: a retry may send. (A send handed to Meta settles its key itself; one the
            // sandbox made keeps its key in flight, and a retry is told so, rather than sent twice.)
            await ReleaseAsync(idempotency, ticket);
            throw;
        }
    }

    /// <summary>
    /// What the provider would refuse (the sandbox plays Meta and judges everything; at Meta, Keygate judges only opt-out),
    /// then the message quota: a refused send consumes nothing.
    /// </summary>
    private static async Task<(JsonHttpResult<MetaErrorEnvelope>? Refused, DeliveryError? Failure, string? Category)> CheckAsync(HttpContext http,
        PhoneNumber number, OutgoingMessage outgoing, bool toMeta, KeySnapshot? key, ConversationWindows windows, TemplateCache templates, ContactBook contacts,
        MediaStore media, KeyAdmission admission, CancellationToken cancellationToken)
    {
        var verdict = toMeta
            ? SandboxVerdict.Deliver
            : await SandboxRules.CheckAsync(templates, windows, contacts, media, NumberBinding.Of(http), number, outgoing, cancellationToken);
        if (verdict.Rejection is { } broken)
        {
            return (Reject(http, broken), null, null);
        }
        // The sandbox prices its statuses by category; a real number's category may cost a read of Meta's templates, so it
        // is learnt only for a key that a category quota counts.
        var category = !toMeta || key is { CountsCategories: true } ? await PricingCategories.OfAsync(templates, number, outgoing, cancellationToken) : null;
        if (await admission.ChargeMessageAsync(http, category, cancellationToken) is { Allowed: false } refused)
        {
            return (MetaErrors.Result(http, 429, refused.Code == ProblemCodes.QuotaExceeded ? 4 : MetaErrors.Throughput,
                $"The '{refused.Tightest?.Name}' limit of this key is reached.", refused.Code!), null, null);
        }
        return (null, verdict.Failure, category);
    }

    /// <summary>Meta's answer goes back as Meta gave it; only an upstream that has not answered in time becomes Keygate's own error.</summary>
    private static async Task<Results<Ok<SendMessageResponse>, Ok<MarkReadResponse>, ContentHttpResult, JsonHttpResult<MetaErrorEnvelope>>> SendToMetaAsync(
        HttpContext http, MetaSends metaSends, MetaSends.Request request, CancellationToken cancellationToken)
    {
        if (await metaSends.SendAsync(request, cancellationToken) is not { } answer)
        {
            return MetaErrors.Result(http, 503, 2, request.Ticket is null
                ? "Meta's Cloud API did not answer in time; the message may have been sent (its outcome will show in the message history)."
                : $"Meta's Cloud API did not answer in time; the message may have been sent. Retry with the same {IdempotentSends.Header} to get Meta's answer.",
                ProblemCodes.Unavailable);
        }
        return TypedResults.Content(answer.Body, "application/json", System.Text.Encoding.UTF8, answer.Status);
    }

    /// <summary>A request whose Idempotency-Key was used before: the first answer, or why there is none to give.</summary>
    private static Results<Ok<SendMessageResponse>, Ok<MarkReadResponse>, ContentHttpResult, JsonHttpResult<MetaErrorEnvelope>> Repeated(HttpContext http, IdempotencyClaim claim) =>
        claim.State switch
        {
            IdempotencyState.Answered => TypedResults.Content(claim.Body, "application/json", System.Text.Encoding.UTF8, claim.Status),
            IdempotencyState.Reused => MetaErrors.Result(http, 422, MetaErrors.InvalidParameter,
                $"This {IdempotentSends.Header} was used for another request within the last 24 hours; a new message needs a new key.", ProblemCodes.IdempotencyKeyReused),
            IdempotencyState.Abandoned => MetaErrors.Result(http, 503, 2,
                $"The first request with this {IdempotentSends.Header} never got Meta's answer; the message may have been sent.", ProblemCodes.Unavailable),
            _ => MetaErrors.Result(http, 409, 2,
                $"The first request with this {IdempotentSends.Header} has no answer yet; retry in a moment.", ProblemCodes.RequestInProgress),
        };

    private static Task ReleaseAsync(IdempotentSends idempotency, IdempotencyTicket? ticket) =>
        ticket is null ? Task.CompletedTask : idempotency.ReleaseAsync(ticket);

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
