using System.Globalization;

namespace Keygate.Http;

/// <summary>
/// The one way Keygate says how long to wait (a limit, an outage, a guessing lock): whole seconds, rounded up, and at
/// least one, since a client told zero would come straight back.
/// </summary>
internal static class RetryAfter
{
    public static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public static void Set(HttpResponse response, TimeSpan wait) => response.Headers.RetryAfter = Seconds(wait);
}
