using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Keygate.Coordination;

/// <summary>
/// A Lua script run by its SHA-1 (<c>EVALSHA</c>), the digest computed once here. StackExchange.Redis can do this from
/// the text alone, but it finds the digest by hashing the whole text on every call, a few microseconds per limited
/// request for the take script. A Redis that restarted or flushed its scripts answers NOSCRIPT: the text is then sent
/// once (<c>EVAL</c>, which caches it again).
/// </summary>
internal sealed class RedisScript(string text)
{
    // Redis names a cached script by the SHA-1 of its text: a name, not a protection.
#pragma warning disable CA5350
    private readonly byte[] _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(_sha1, keys, values);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(text, keys, values);
        }
    }
}
