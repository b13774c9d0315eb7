using System.Text;
using BenchmarkDotNet.Attributes;
using Keygate.Authentication;
using Keygate.Authorization;
using Keygate.Keys;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Keygate.Benchmarks;

/// <summary>
/// The first step of every API call: reading the one credential form a request carries.
/// Each form is measured on its own because they take different paths (Basic decodes base64, the joined
/// forms split a string), and a client uses one form for all its calls.
/// Each returns whether the form parsed, because <c>Credentials</c> is internal and a public benchmark cannot return it.
/// </summary>
[MemoryDiagnoser]
public class CredentialParseBenchmarks
{
    private readonly HeaderDictionary _headerPair = [];
    private readonly HeaderDictionary _singleHeader = [];
    private readonly HeaderDictionary _bearer = [];
    private readonly HeaderDictionary _basic = [];

    [GlobalSetup]
    public void Setup()
    {
        var keyId = KeyFormat.NewKeyId(KeyEnvironment.Production);
        var secret = KeyFormat.NewSecret(KeyEnvironment.Production);
        _headerPair[CredentialParser.ApiKeyHeader] = keyId;
        _headerPair[CredentialParser.ApiSecretHeader] = secret;
        _singleHeader[CredentialParser.ApiKeyHeader] = $"{keyId}.{secret}";
        _bearer[HeaderNames.Authorization] = $"Bearer {keyId}.{secret}";
        _basic[HeaderNames.Authorization] = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{keyId}:{secret}"));

        // A form that fell through to Malformed would time the rejection path instead of the one meant here.
        foreach (var headers in new[] { _headerPair, _singleHeader, _bearer, _basic })
        {
            var parsed = CredentialParser.Parse(headers);
            if (parsed.Kind != CredentialKind.Secret || parsed.KeyId != keyId || !parsed.Secret.Span.SequenceEqual(secret))
            {
                throw new InvalidOperationException($"A credential form parsed as {parsed.Kind}, not as the key and secret it carries.");
            }
        }
    }

    [Benchmark]
    public bool HeaderPair() => CredentialParser.Parse(_headerPair).Kind == CredentialKind.Secret;

    [Benchmark]
    public bool SingleHeader() => CredentialParser.Parse(_singleHeader).Kind == CredentialKind.Secret;

    [Benchmark]
    public bool Bearer() => CredentialParser.Parse(_bearer).Kind == CredentialKind.Secret;

    [Benchmark]
    public bool Basic() => CredentialParser.Parse(_basic).Kind == CredentialKind.Secret;
}
