using System.Text.Json;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.WhatsApp.Contacts;
using Keygate.WhatsApp.Messages;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Keygate.WhatsApp.Sandbox;

public sealed record InboundRequest(string? PhoneNumberId, string? From, string? Text, string? ProfileName);

public sealed record InboundResponse(string Id);

/// <summary><c>POST /v1/sandbox/inbound</c>: a customer writes to a sandbox number, which opens the 24-hour window.</summary>
internal static class SandboxEndpoints
{
    public static RouteHandlerBuilder MapSandboxEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/v1/sandbox/inbound", InboundAsync).WithTags("Sandbox").WithName("SimulateInbound").RequirePermission(Permission.MessagesSend);

    private static async Task<Results<Created<InboundResponse>, ProblemHttpResult>> InboundAsync(
        InboundRequest request, HttpContext http, PhoneNumberDirectory numbers, MessageLog log, ConversationWindows windows, ContactBook contacts,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var from = request.From is null ? null : WaIds.Normalize(request.From);
        if (from is null)
        {
            errors.Add("from", "The customer's number: 7 to 15 digits, with or without '+'.");
        }
        if (request.Text is not { Length: > 0 and <= 4096 })
        {
            errors.Add("text", "1 to 4096 characters.");
        }
        if (request.ProfileName is { Length: > 200 })
        {
            errors.Add("profileName", "At most 200 characters.");
        }
        if (string.IsNullOrEmpty(request.PhoneNumberId))
        {
            errors.Add("phoneNumberId", "Required.");
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        var number = await numbers.FindAsync(Caller.From(http.User).AccountId, request.PhoneNumberId!, cancellationToken);
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
            Type = "text",
            Content = JsonSerializer.Serialize(new { body = request.Text }),
            Status = MessageState.Received,
            CreatedAt = now,
            UpdatedAt = now,
            Timeline = [new MessageStatusChange { MessageId = wamid, Status = MessageState.Received, At = now }],
        });
        windows.CustomerWrote(number.Id, from!, now);
        await contacts.RecordInboundAsync(number.AccountId, from!, request.ProfileName, cancellationToken);
        return TypedResults.Created($"/v1/messages/{wamid}", new InboundResponse(wamid));
    }
}
