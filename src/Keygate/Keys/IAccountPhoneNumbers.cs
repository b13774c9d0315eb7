namespace Keygate.Keys;

/// <summary>Which phone numbers an account has, for binding keys to them; WhatsApp owns the numbers, keys only ask.</summary>
internal interface IAccountPhoneNumbers
{
    /// <summary>Those of <paramref name="ids"/> that are not numbers of the account (another account's number included).</summary>
    Task<IReadOnlyList<string>> UnknownAsync(string accountId, IReadOnlyCollection<string> ids, CancellationToken cancellationToken);
}
