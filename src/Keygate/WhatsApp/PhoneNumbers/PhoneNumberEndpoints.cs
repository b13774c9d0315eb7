using System.Text.Json;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>A phone number as the API shows it: never its access token, app secret or verify token.</summary>
public sealed record PhoneNumberResponse(string Id, string WabaId, string DisplayNumber, string? VerifiedName, string Provider,
    IReadOnlyList<string> TestRecipients, DateTime CreatedAt, PhoneNumberHealth? Health);

/// <summary>A real number's health as Meta last reported it (null for the sandbox number).</summary>
public sealed record PhoneNumberHealth(string? Status, string? QualityRating, string? MessagingLimitTier, string? NameStatus, string? QualityEvent,
    DateTime? CheckedAt);

/// <summary><c>/v1/phone-numbers</c>: the account's numbers; the sandbox number's test recipients are edited here.</summary>
internal static class PhoneNumberEndpoints
{
    public static RouteGroupBuilder MapPhoneNumberEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/phone-numbers").WithTags("Phone numbers").RequirePermission(Permission.KeysManage);
        group.MapGet("/", ListAsync).WithName("ListPhoneNumbers");
        group.MapGet("/{id}", GetAsync).WithName("GetPhoneNumber");
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdatePhoneNumber");
        group.MapPost("/", RegisterAsync).WithName("RegisterPhoneNumber");
        group.MapPost("/{id}/refresh", RefreshAsync).WithName("RefreshPhoneNumber");
        return group;
    }

    private static async Task<Ok<PhoneNumberResponse[]>> ListAsync(HttpContext http, ListPhoneNumbers numbers, CancellationToken cancellationToken) =>
        TypedResults.Ok(await numbers.ListAsync(Caller.From(http.User), cancellationToken));

    private static async Task<Results<Ok<PhoneNumberResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        var number = await db.PhoneNumbers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.AccountId == accountId, cancellationToken);
        return number is null ? Problems.NotFound("phone number") : TypedResults.Ok(ToResponse(number));
    }

    private static async Task<Results<Created<RegisteredPhoneNumberResponse>, ProblemHttpResult>> RegisterAsync(
        RegisterPhoneNumberRequest request, HttpContext http, RegisterPhoneNumber register, CancellationToken cancellationToken)
    {
        var outcome = await register.RegisterAsync(Actor.From(http), request, cancellationToken);
        return outcome.Value is { } registered ? TypedResults.Created($"/v1/phone-numbers/{registered.Number.Id}", registered) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<PhoneNumberResponse>, ProblemHttpResult>> RefreshAsync(
        string id, HttpContext http, RefreshPhoneNumber refresh, CancellationToken cancellationToken) =>
        (await refresh.RefreshAsync(Actor.From(http), id, cancellationToken)).ToOk();

    /// <summary>Merge patch of <c>testRecipients</c>, the one field that changes here.</summary>
    private static async Task<Results<Ok<PhoneNumberResponse>, ProblemHttpResult>> UpdateAsync(
        string id, JsonElement body, HttpContext http, UpdatePhoneNumber update, CancellationToken cancellationToken) =>
        (await update.UpdateAsync(Actor.From(http), id, ReadChange(body), cancellationToken)).ToOk();

    private static PhoneNumberChange ReadChange(JsonElement body)
    {
        var unread = new FieldErrors();
        IReadOnlyList<string?>? recipients = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            unread.Add("$", "Expected a JSON object.");
            return new(null, unread);
        }
        foreach (var field in body.EnumerateObject())
        {
            if (field.Name != "testRecipients")
            {
                unread.Add(field.Name, "Unknown field: testRecipients can be changed here.");
            }
            else if (field.Value.ValueKind != JsonValueKind.Array)
            {
                unread.Add("testRecipients", UpdatePhoneNumber.RecipientsRule);
            }
            else
            {
                recipients = [.. field.Value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() : null)];
            }
        }
        return new(recipients, unread);
    }

    public static PhoneNumberResponse ToResponse(PhoneNumber number) => new(number.Id, number.WabaId, number.DisplayNumber, number.VerifiedName,
        number.Provider == PhoneNumberProvider.Sandbox ? "sandbox" : "meta", number.TestRecipients, number.CreatedAt,
        number.Provider == PhoneNumberProvider.Sandbox ? null : new PhoneNumberHealth(number.Status, number.QualityRating, number.MessagingLimitTier,
            number.NameStatus, number.QualityEvent, number.HealthCheckedAt));
}
