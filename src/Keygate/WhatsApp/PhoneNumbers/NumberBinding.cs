using Keygate.Authorization;
using Keygate.Keys;

namespace Keygate.WhatsApp.PhoneNumbers;

/// <summary>
/// A key's <c>phoneNumberIds</c>, applied everywhere a number's objects are reached (its WABA's templates, the
/// media uploaded through it, the messages it sent or received): outside them, an object answers as absent.
/// Dashboard sessions and keys bound to no number reach every number of their account.
/// </summary>
internal static class NumberBinding
{
    /// <summary>The numbers the calling key is bound to, or null when it may use all of its account's.</summary>
    public static string[]? Of(HttpContext http) =>
        http.Features.Get<KeySnapshot>() is { IsBoundToNumbers: true } key ? key.PhoneNumberIds : null;

    public static bool Allows(this string[]? binding, string phoneNumberId) => binding is null || binding.Contains(phoneNumberId);

    /// <summary>The account's numbers that the caller may use.</summary>
    public static IQueryable<PhoneNumber> UsableBy(this IQueryable<PhoneNumber> numbers, HttpContext http)
    {
        var accountId = Caller.From(http.User).AccountId;
        var binding = Of(http);
        numbers = numbers.Where(p => p.AccountId == accountId);
        return binding is null ? numbers : numbers.Where(p => binding.Contains(p.Id));
    }
}
