using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Keygate.Audit;

/// <summary>
/// An entry's hash: SHA-256 over the previous entry's hash and a canonical form of this entry's fields.
/// The form is length-prefixed UTF-8 rather than JSON, so that no serializer setting or escaping rule can
/// change it: a trail written today must verify with every later build. Changing it needs a new version tag.
/// </summary>
internal static class AuditHash
{
    /// <summary>The previous hash of an account's first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string Version = "keygate-audit-v1";

    public static string Of(AuditEvent entry)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha, Version);
        Append(sha, entry.PreviousHash);
        Append(sha, entry.AccountId);
        Append(sha, Number(entry.Sequence));
        Append(sha, Number((int)entry.Type));
        Append(sha, Number((int)entry.ActorType));
        Append(sha, entry.ActorId);
        Append(sha, entry.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Append(sha, entry.SourceAddress);
        Append(sha, entry.TargetType is { } target ? Number((int)target) : null);
        Append(sha, entry.TargetId);
        Append(sha, entry.Changes);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The time an entry records: UTC, truncated to whole microseconds (what PostgreSQL keeps too).</summary>
    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    // Each field is its byte length (4 bytes, big-endian) then its UTF-8 bytes, so no two different entries
    // read the same; null is length -1, so it differs from "".
    private static void Append(IncrementalHash sha, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        var bytes = value is null ? null : Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes?.Length ?? -1);
        sha.AppendData(length);
        if (bytes is not null)
        {
            sha.AppendData(bytes);
        }
    }
}
