using System.Text.Json;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.CloudApi;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Messages;

public sealed record MarkReadResponse(bool Success);

/// <summary>The mark-as-read form of the messages call: <c>{"messaging_product":"whatsapp","status":"read","message_id":"wamid…"}</c>.</summary>
internal static class MarkRead
{
    public static async Task<Results<Ok<SendMessageResponse>, Ok<MarkReadResponse>, ContentHttpResult, JsonHttpResult<MetaErrorEnvelope>>> HandleAsync(
        HttpContext http, Caller caller, PhoneNumber number, JsonElement body, KeygateDbContext db, MessageLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!caller.Holds(Permission.MessagesSend))
        {
            return MetaErrors.Result(http, 403, 200, "Marking messages read needs the 'messages:send' permission.", ProblemCodes.InsufficientPermissions);
        }
        var id = MessageContentRules.String(body, "message_id");
        if (MessageContentRules.String(body, "messaging_product") != "whatsapp" || !Wamids.IsWamid(id))
        {
            return MetaErrors.Result(http, 400, MetaErrors.InvalidParameter, "The parameters messaging_product and message_id are required.", ProblemCodes.InvalidRequest);
        }
        var exists = await db.Messages.AnyAsync(m => m.Id == id && m.PhoneNumberId == number.Id && m.Direction == MessageDirection.Inbound, cancellationToken);
        if (!exists)
        {
            return MetaErrors.Result(http, 404, MetaErrors.InvalidParameter, $"No message '{id}' was received by this number.", ProblemCodes.NotFound, 33);
        }
        await log.UpdateAsync(new MessageLog.StatusUpdate(id!, MessageState.Read, time.GetUtcNow().UtcDateTime, null));
        return TypedResults.Ok(new MarkReadResponse(true));
    }
}
