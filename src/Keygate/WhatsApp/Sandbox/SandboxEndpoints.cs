using System.Text.Json;
using System.Text.Json.Nodes;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.Media;
using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Sandbox;

/// <summary>
/// A customer's message to a sandbox number. <c>Type</c> defaults to <c>text</c>; <c>Context</c> makes it a reply to a
/// message (a button reply names the template message it answers); <c>Referral</c> is the click-to-WhatsApp ad it came
/// from, passed on as given.
/// </summary>
public sealed record InboundRequest(string? PhoneNumberId, string? From, string? Text, string? ProfileName, string? Type = null,
    InboundMedia? Media = null, InboundButton? Button = null, JsonElement? Interactive = null, InboundContext? Context = null, JsonElement? Referral = null);

public sealed record InboundResponse(string Id);

/// <summary><c>POST /v1/sandbox/inbound</c>: a customer writes to a sandbox number, which opens the 24-hour window.</summary>
internal static class SandboxEndpoints
{
    public static RouteHandlerBuilder MapSandboxEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/v1/sandbox/inbound", InboundAsync).WithTags("Sandbox").WithName("SimulateInbound").RequirePermission(Permission.MessagesSend);

    private static async Task<Results<Created<InboundResponse>, ProblemHttpResult>> InboundAsync(
        InboundRequest request, HttpContext http, PhoneNumberDirectory numbers, MessageLog log, ConversationWindows windows, ContactBook contacts,
        KeygateDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var from = request.From is null ? null : WaIds.Normalize(request.From);
        if (from is null)
        {
            errors.Add("from", "The customer's number: 7 to 15 digits, with or without '+'.");
        }
        var type = request.Type ?? "text";
        if (!InboundContent.Types.Contains(type))
        {
            errors.Add("type", $"One of {string.Join(", ", InboundContent.Types)}.");
        }
        if (request.ProfileName is { Length: > 200 })
        {
            errors.Add("profileName", "At most 200 characters.");
        }
        if (request.Context is { } context && (!Wamids.IsWamid(context.Id) || (context.From is not null && WaIds.Normalize(context.From) is null)))
        {
            errors.Add("context", "id: the wamid of the message this one replies to; from (optional): the number that sent it.");
        }
        if (request.Referral is { ValueKind: not JsonValueKind.Object })
        {
            errors.Add("referral", "An object, as Meta's referral of a click-to-WhatsApp ad.");
        }
        if (string.IsNullOrEmpty(request.PhoneNumberId))
        {
            errors.Add("phoneNumberId", "Required.");
        }
        var accountId = Caller.From(http.User).AccountId;
        var media = request.Media?.Id is { } mediaId && type is not ("text" or "button" or "interactive")
            ? await db.MediaObjects.AsNoTracking().VisibleTo(http).FirstOrDefaultAsync(m => m.Id == mediaId, cancellationToken)
            : null;
        var content = errors.Has("type") ? null : InboundContent.Read(request, type, media, errors);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        var number = await numbers.FindAsync(accountId, request.PhoneNumberId!, cancellationToken);
        if (number is not { Provider: PhoneNumberProvider.Sandbox } || !NumberBinding.Of(http).Allows(number.Id))
        {
            return Problems.NotFound("sandbox phone number");
        }
        var now = time.GetUtcNow().UtcDateTime;
        var wamid = Wamids.New(now);
        await log.AddAsync(new Message
        {
            Id = wamid,
            AccountId = number.AccountId,
            PhoneNumberId = number.Id,
            Direction = MessageDirection.Inbound,
            Counterpart = from!,
            Type = type,
            Content = content!.ToJsonString(),
            Status = MessageState.Received,
            CreatedAt = now,
            UpdatedAt = now,
            Timeline = [new MessageStatusChange { MessageId = wamid, Status = MessageState.Received, At = now }],
            Envelope = new InboundEnvelope(request.ProfileName, ContextOf(request.Context, number), request.Referral is { } referral ? JsonNode.Parse(referral.GetRawText())!.AsObject() : null),
        });
        windows.CustomerWrote(number.Id, from!, now);
        await contacts.RecordInboundAsync(number.AccountId, from!, request.ProfileName, cancellationToken);
        return TypedResults.Created($"/v1/messages/{wamid}", new InboundResponse(wamid));
    }

    /// <summary>Meta's <c>context</c> of a reply: <c>from</c> is the business number that sent the message replied to.</summary>
    private static JsonObject? ContextOf(InboundContext? context, PhoneNumber number) => context is null ? null : new JsonObject
    {
        ["from"] = context.From ?? new string(number.DisplayNumber.Where(char.IsAsciiDigit).ToArray()),
        ["id"] = context.Id,
    };
}
