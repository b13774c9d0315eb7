using System.Text.Json;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Providers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.Messages;

public sealed record MarkReadResponse(bool Success);

/// <summary>
/// The mark-as-read form of the messages call, optionally showing the customer a typing indicator:
/// <c>{"messaging_product":"whatsapp","status":"read","message_id":"wamid…","typing_indicator":{"type":"text"}}</c>.
/// To a number at Meta it goes as written, and Meta's answer comes back as given; the sandbox answers it itself.
/// Either way the message is read in Keygate's history too.
/// </summary>
internal static class MarkRead
{
    public static async Task<Results<Ok<SendMessageResponse>, Ok<MarkReadResponse>, ContentHttpResult, JsonHttpResult<MetaErrorEnvelope>>> HandleAsync(
        HttpContext http, Caller caller, PhoneNumber number, bool toMeta, JsonElement body, KeygateDbContext db, MessageLog log, MetaProvider meta,
        IOptions<MetaOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!caller.Holds(Permission.MessagesSend))
        {
            return MetaErrors.Result(http, 403, 200, "Marking messages read needs the 'messages:send' permission.", ProblemCodes.InsufficientPermissions);
        }
        var id = MessageContentRules.String(body, "message_id");
        if (toMeta)
        {
            return await ForwardAsync(http, number, id, body, log, meta, options.Value, time, cancellationToken);
        }
        if (MessageContentRules.String(body, "messaging_product") != "whatsapp" || !Wamids.IsWamid(id))
        {
            return MetaErrors.Result(http, 400, MetaErrors.InvalidParameter, "The parameters messaging_product and message_id are required.", ProblemCodes.InvalidRequest);
        }
        if (body.TryGetProperty("typing_indicator", out var typing) && MessageContentRules.String(typing, "type") != "text")
        {
            return MetaErrors.Result(http, 400, MetaErrors.InvalidParameter, "The parameter typing_indicator['type'] must be \"text\".", ProblemCodes.InvalidRequest);
        }
        var exists = await db.Messages.AnyAsync(m => m.Id == id && m.PhoneNumberId == number.Id && m.Direction == MessageDirection.Inbound, cancellationToken);
        if (!exists)
        {
            return MetaErrors.Result(http, 404, MetaErrors.InvalidParameter, $"No message '{id}' was received by this number.", ProblemCodes.NotFound, 33);
        }
        await log.UpdateAsync(new MessageLog.StatusUpdate(id!, MessageState.Read, time.GetUtcNow().UtcDateTime, null));
        return TypedResults.Ok(new MarkReadResponse(true));
    }

    /// <summary>
    /// Marking read changes nothing but a tick on the customer's phone, so unlike a send it is simply given up after
    /// one attempt's time. The history update names the number, so a wamid of another number is left alone.
    /// </summary>
    private static async Task<Results<Ok<SendMessageResponse>, Ok<MarkReadResponse>, ContentHttpResult, JsonHttpResult<MetaErrorEnvelope>>> ForwardAsync(
        HttpContext http, PhoneNumber number, string? id, JsonElement body, MessageLog log, MetaProvider meta, MetaOptions options, TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        MetaAnswer answer;
        try
        {
            answer = await meta.MarkReadAsync(number, body.GetRawText(), linked.Token);
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return MetaErrors.Result(http, 503, 2, "Meta's Cloud API did not answer in time; the message may not have been marked read.", ProblemCodes.Unavailable);
        }
        if (answer.Succeeded && id is not null)
        {
            await log.UpdateAsync(new MessageLog.StatusUpdate(id, MessageState.Read, time.GetUtcNow().UtcDateTime, null,
                new MessageLog.MessageOwner(number.AccountId, number.Id)));
        }
        return TypedResults.Content(answer.Body, "application/json", System.Text.Encoding.UTF8, answer.Status);
    }
}
