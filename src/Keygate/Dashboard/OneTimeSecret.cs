namespace Keygate.Dashboard;

/// <summary>
/// A secret the API returns once (a webhook's signing secret, a number's verify token), as <c>_OneTimeSecret</c> shows it:
/// in the POST's own answer, marked no-store by the page, with a copy button.
/// </summary>
/// <param name="Heading">The page's heading, such as "Webhook created".</param>
/// <param name="Label">What the secret is, such as "Signing secret".</param>
/// <param name="Why">What it is for and what to do if it is lost.</param>
/// <param name="Value">The secret.</param>
/// <param name="Next">Where the person goes once they have copied it.</param>
internal sealed record OneTimeSecret(string Heading, string Label, string Why, string Value, string Next);
