using System.Net.Http.Headers;
using System.Text;
using Keygate.Keys;
using Keygate.WhatsApp.PhoneNumbers;
using Keygate.WhatsApp.Providers;
using Microsoft.Extensions.Options;

namespace Keygate.WhatsApp.PassThrough;

/// <summary>
/// The HttpClient for calls passed through to Meta. Unlike <see cref="MetaCloudClient"/> it never retries: a request that
/// may have reached Meta (an upload, a template created, a number deregistered) is not sent twice by Keygate; the client's
/// own retry decides. Answers are read as they arrive, so large bodies stream in both directions.
/// </summary>
internal sealed class MetaGraphClient(HttpClient http, SecretProtector protector, MetaMetrics metrics)
{
    /// <summary>Long enough for a 100 MB upload on a slow link to be answered; a hung Meta still frees the request.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Sends with the number's stored token as the only credential, and returns once Meta's headers have arrived.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, PhoneNumber number, CancellationToken cancellationToken)
    {
        var token = protector.Decrypt(number.EncryptedAccessToken!, MetaProvider.AssociatedData(number.Id));
        try
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Encoding.UTF8.GetString(token));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(token);
        }
        // Timed until Meta's headers: the body streams to the caller at the caller's pace, which is not Meta's latency.
        return await metrics.SendAsync(MetaOperation.PassThrough, http, request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static void Configure(IHttpClientBuilder builder) =>
        builder.ConfigureHttpClient((provider, client) =>
        {
            client.BaseAddress = provider.GetRequiredService<IOptions<MetaOptions>>().Value.BaseUrl;
            client.Timeout = Timeout;
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            // Meta's CDN answers media with redirects to its own hosts only; Keygate never follows one elsewhere on its own.
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        });
}
