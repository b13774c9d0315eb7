namespace Keygate.Keys;

/// <summary>
/// Meta's pricing categories as a key's quotas count them (<c>messages:marketing</c>, …) and usage reports them.
/// Which category a WhatsApp message falls in is the WhatsApp feature's to say.
/// </summary>
internal static class MessageCategories
{
    public const string Marketing = "marketing";
    public const string Utility = "utility";
    public const string Authentication = "authentication";
    public const string Service = "service";

    public static readonly IReadOnlyList<string> All = [Marketing, Utility, Authentication, Service];
}
