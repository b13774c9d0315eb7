using System.Text.Json;
using Keygate.WhatsApp.Providers;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>
/// A real number's health as Meta reports it on the number's record: <c>status</c> (CONNECTED, FLAGGED, RESTRICTED, …),
/// <c>quality_rating</c> (GREEN, YELLOW, RED, NA), <c>messaging_limit_tier</c> (TIER_50 … TIER_UNLIMITED) and
/// <c>name_status</c> (the display name's review).
/// </summary>
internal sealed record NumberHealth(string? Status, string? QualityRating, string? MessagingLimitTier, string? NameStatus)
{
    public static NumberHealth From(JsonElement record) => new(GraphJson.Text(record, "status", 32), GraphJson.Text(record, "quality_rating", 32),
        GraphJson.Text(record, "messaging_limit_tier", 32), GraphJson.Text(record, "name_status", 32));

    public void ApplyTo(PhoneNumber number, DateTime checkedAt)
    {
        number.Status = Status;
        number.QualityRating = QualityRating;
        number.MessagingLimitTier = MessagingLimitTier;
        number.NameStatus = NameStatus;
        number.HealthCheckedAt = checkedAt;
    }
}
