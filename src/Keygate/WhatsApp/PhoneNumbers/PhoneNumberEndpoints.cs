using System.Text.Json;
using Keygate.Audit;
using Keygate.Authorization;
using Keygate.Http;
using Keygate.Storage;
using Keygate.WhatsApp.Messages;
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
    private const int MaxTestRecipients = 50;

    public static RouteGroupBuilder MapPhoneNumberEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/phone-numbers").WithTags("Phone numbers").RequirePermission(Permission.KeysManage);
        group.MapGet("/", ListAsync).WithName("ListPhoneNumbers");
        group.MapGet("/{id}", GetAsync).WithName("GetPhoneNumber");
        group.MapPatch("/{id}", UpdateAsync).WithName("UpdatePhoneNumber");
        group.MapPost("/", RegisterPhoneNumber.HandleAsync).WithName("RegisterPhoneNumber");
        group.MapPost("/{id}/refresh", RefreshPhoneNumber.HandleAsync).WithName("RefreshPhoneNumber");
        return group;
    }

    internal static async Task<Ok<PhoneNumberResponse[]>> ListAsync(HttpContext http, KeygateDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        await SandboxNumbers.EnsureAsync(db, accountId, time.GetUtcNow().UtcDateTime, cancellationToken);
        var numbers = await db.PhoneNumbers.AsNoTracking().Where(p => p.AccountId == accountId).OrderBy(p => p.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(numbers.Select(ToResponse).ToArray());
    }

    private static async Task<Results<Ok<PhoneNumberResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext http, KeygateDbContext db, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        var number = await db.PhoneNumbers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.AccountId == accountId, cancellationToken);
        return number is null ? Problems.NotFound("phone number") : TypedResults.Ok(ToResponse(number));
    }

    /// <summary>Merge patch of <c>testRecipients</c> (the wa ids non-production keys may message through the sandbox).</summary>
    internal static async Task<Results<Ok<PhoneNumberResponse>, ProblemHttpResult>> UpdateAsync(
        string id, JsonElement body, HttpContext http, KeygateDbContext db, AuditLog audit, PhoneNumberDirectory directory, CancellationToken cancellationToken)
    {
        var accountId = Caller.From(http.User).AccountId;
        var number = await db.PhoneNumbers.FirstOrDefaultAsync(p => p.Id == id && p.AccountId == accountId, cancellationToken);
        if (number is null)
        {
            return Problems.NotFound("phone number");
        }
        var before = PhoneNumberChanges.Snapshot(number);
        var errors = new FieldErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "Expected a JSON object.");
        }
        else
        {
            foreach (var field in body.EnumerateObject())
            {
                if (field.Name != "testRecipients")
                {
                    errors.Add(field.Name, "Unknown field: testRecipients can be changed here.");
                }
                else if (ReadRecipients(field.Value, errors) is { } recipients)
                {
                    number.TestRecipients = recipients;
                }
            }
        }
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToDictionary());
        }
        await audit.SaveWithAuditAsync(db, PhoneNumberChanges.Entry(http, AuditEventType.PhoneNumberUpdated, before, number), cancellationToken);
        directory.Changed(number.Id);
        return TypedResults.Ok(ToResponse(number));
    }

    private static List<string>? ReadRecipients(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxTestRecipients)
        {
            errors.Add("testRecipients", $"An array of at most {MaxTestRecipients} phone numbers.");
            return null;
        }
        var recipients = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && WaIds.Normalize(item.GetString()!) is { } waId)
            {
                recipients.Add(waId);
            }
            else
            {
                errors.Add($"testRecipients[{index}]", "A phone number: 7 to 15 digits, with or without '+'.");
            }
            index++;
        }
        return [.. recipients.Distinct(StringComparer.Ordinal)];
    }

    public static PhoneNumberResponse ToResponse(PhoneNumber number) => new(number.Id, number.WabaId, number.DisplayNumber, number.VerifiedName,
        number.Provider == PhoneNumberProvider.Sandbox ? "sandbox" : "meta", number.TestRecipients, number.CreatedAt,
        number.Provider == PhoneNumberProvider.Sandbox ? null : new PhoneNumberHealth(number.Status, number.QualityRating, number.MessagingLimitTier,
            number.NameStatus, number.QualityEvent, number.HealthCheckedAt));
}
