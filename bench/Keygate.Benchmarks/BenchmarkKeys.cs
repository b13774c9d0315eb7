using Keygate.Accounts;
using Keygate.Authorization;
using Keygate.Keys;

namespace Keygate.Benchmarks;

/// <summary>A production key made the way <c>CreateKey</c> makes one, so the benchmarks hash a real-length secret.</summary>
internal static class BenchmarkKeys
{
    public static Account NewAccount(DateTime now) => new() { Id = Ids.New("acc"), Name = "Benchmarks", CreatedAt = now };

    public static ApiKey NewKey(string accountId, DateTime now, out string secret)
    {
        secret = KeyFormat.NewSecret(KeyEnvironment.Production);
        return new ApiKey
        {
            Id = KeyFormat.NewKeyId(KeyEnvironment.Production),
            AccountId = accountId,
            Name = "bench",
            Environment = KeyEnvironment.Production,
            Status = KeyStatus.Active,
            Permissions = ["messages:send"],
            SecretHash = SecretHash.Of(secret),
            SecretHint = KeyFormat.Hint(secret),
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
    }
}
