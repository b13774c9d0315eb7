using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.PhoneNumbers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.Messages;

public sealed record MessageStatusResponse(string Status, DateTime At, System.Text.Json.JsonElement? Errors);

public sealed record MessageResponse(string Id, string Direction, string PhoneNumberId, string? KeyId, string Counterpart, string Type,
    string? TemplateName, string Status, System.Text.Json.JsonElement Content, DateTime CreatedAt, DateTime UpdatedAt,
    IReadOnlyList<MessageStatusResponse>? Timeline);

/// <summary>Stored history: every message with the key that sent it and its status timeline.</summary>
internal static class MessageHistoryEndpoints
{
    public static RouteGroupBuilder MapMessageHistoryEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/messages").WithTags("Messages").RequirePermission(Permission.MessagesRead);
        group.MapGet("/", ListAsync).WithName("ListMessages");
        group.MapGet("/{wamid}", GetAsync).WithName("GetMessage");
        return group;
    }

    /// <summary>Newest first. Filters: <c>keyId</c>, <c>phoneNumberId</c>, <c>recipient</c> (the customer's wa id), <c>status</c>, <c>direction</c>, <c>since</c>, <c>until</c>.</summary>
    private static async Task<Results<Ok<Page<MessageResponse>>, ProblemHttpResult>> ListAsync(
        string? keyId, string? phoneNumberId, string? recipient, string? status, string? direction, DateTime? since, DateTime? until,
        int? limit, string? cursor, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (take, after) = Paging.Read(limit, cursor, errors);
        var query = db.Messages.AsNoTracking().VisibleTo(http);
        query = keyId is null ? query : query.Where(m => m.KeyId == keyId);
        query = phoneNumberId is null ? query : query.Where(m => m.PhoneNumberId == phoneNumberId);
        query = recipient is null ? query : query.Where(m => m.Counterpart == (WaIds.Normalize(recipient) ?? recipient));
        if (status is not null)
        {
            if (MessageNames.TryParse(status, out var state))
            {
                query = query.Where(m => m.Status == state);
            }
            else
            {
                errors.Add("status", "One of accepted, sent, delivered, read, failed, received.");
            }
        }
        if (direction is not null)
        {
            if (direction is "inbound" or "outbound")
            {
                var wanted = direction == "inbound" ? MessageDirection.Inbound : MessageDirection.Outbound;
                query = query.Where(m => m.Direction == wanted);
            }
            else
            {
                errors.Add("direction", "inbound or outbound.");
            }
        }
        query = since is null ? query : query.Where(m => m.CreatedAt >= since.Value.ToUniversalTime());
        query = until is null ? query : query.Where(m => m.CreatedAt < until.Value.ToUniversalTime());
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        return TypedResults.Ok(await query.NewestFirstAsync(take, after, m => m.ToResponse(withTimeline: false), cancellationToken));
    }

    private static async Task<Results<Ok<MessageResponse>, ProblemHttpResult>> GetAsync(
        string wamid, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var message = await db.Messages.AsNoTracking().VisibleTo(http).Include(m => m.Timeline)
            .FirstOrDefaultAsync(m => m.Id == wamid, cancellationToken);
        return message is null ? Problems.NotFound("message") : TypedResults.Ok(message.ToResponse(withTimeline: true));
    }

    /// <summary>The account's messages, and of those only the ones of the calling key's numbers (<see cref="NumberBinding"/>).</summary>
    private static IQueryable<Message> VisibleTo(this IQueryable<Message> messages, HttpContext http)
    {
        var binding = NumberBinding.Of(http);
        var accountId = Caller.From(http.User).AccountId;
        messages = messages.Where(m => m.AccountId == accountId);
        return binding is null ? messages : messages.Where(m => binding.Contains(m.PhoneNumberId));
    }

    private static MessageResponse ToResponse(this Message message, bool withTimeline) => new(
        message.Id,
        MessageNames.Of(message.Direction),
        message.PhoneNumberId,
        message.KeyId,
        message.Counterpart,
        message.Type,
        message.TemplateName,
        MessageNames.Of(message.Status),
        System.Text.Json.JsonDocument.Parse(message.Content).RootElement.Clone(),
        message.CreatedAt,
        message.UpdatedAt,
        withTimeline
            ? [.. message.Timeline.OrderBy(c => c.At).ThenBy(c => c.Id).Select(c => new MessageStatusResponse(MessageNames.Of(c.Status), c.At,
                c.Error is null ? null : System.Text.Json.JsonDocument.Parse(c.Error).RootElement.Clone()))]
            : null);
}
