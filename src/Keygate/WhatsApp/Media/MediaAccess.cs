using Keygate.Authorization;
using Keygate.WhatsApp.PhoneNumbers;

namespace Keygate.WhatsApp.Media;

/// <summary>Which media a caller reaches: its account's, and of those only what came through the key's numbers (<see cref="NumberBinding"/>).</summary>
internal static class MediaAccess
{
    public static IQueryable<MediaObject> VisibleTo(this IQueryable<MediaObject> media, string accountId, string[]? binding)
    {
        media = media.Where(m => m.AccountId == accountId);
        return binding is null ? media : media.Where(m => binding.Contains(m.PhoneNumberId));
    }

    public static IQueryable<MediaObject> VisibleTo(this IQueryable<MediaObject> media, HttpContext http) =>
        media.VisibleTo(Caller.From(http.User).AccountId, NumberBinding.Of(http));
}
