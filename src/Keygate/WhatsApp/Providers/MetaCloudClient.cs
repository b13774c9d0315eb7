using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Keygate.WhatsApp.Providers;

/// <summary>Meta's answer as it came: status and body, passed through to Keygate's caller unchanged.</summary>
internal sealed record MetaAnswer(int Status, string Body)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// The typed HttpClient for Meta's Cloud API. A read's transient failures (5xx, 408, 429, and Meta's throughput
/// codes in a 400) are retried with exponential backoff and jitter, honouring Retry-After, each attempt under its
/// own time limit. Anything else (a send above all) is tried again only when no connection to Meta could be made,
/// so before a byte of it left: once a request may have reached Meta, a second one could deliver a message twice.
/// Such calls have no time limit here: their caller owns it (<see cref="Messages.MetaSends"/>). Every answer that
/// came is Meta's word and goes back as it is.
/// </summary>
internal sealed class MetaCloudClient(HttpClient http, IOptions<MetaOptions> options, MetaMetrics metrics)
{
    /// <summary>Meta's codes that mean "slow down" rather than "no": throughput, app and account rate limits.</summary>
    private static readonly int[] ThroughputCodes = [4, 80007, 130429, 131056];

    public async Task<MetaAnswer> SendMessageAsync(string phoneNumberId, string accessToken, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/{options.Value.ApiVersion}/{Uri.EscapeDataString(phoneNumberId)}/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await CallAsync(MetaOperation.SendMessage, request, cancellationToken);
    }

    /// <summary>
    /// <c>GET /{version}/{phone-number-id}</c> with the given token: Meta answers the number's record only to a token
    /// allowed to read it, which is what proves a registration (<see cref="PhoneNumbers.MetaOwnership"/>).
    /// </summary>
    public Task<MetaAnswer> ReadPhoneNumberAsync(string phoneNumberId, string accessToken, CancellationToken cancellationToken) =>
        GetAsync(MetaOperation.ReadPhoneNumber, $"/{options.Value.ApiVersion}/{Uri.EscapeDataString(phoneNumberId)}"
            + "?fields=id,display_phone_number,verified_name,status,quality_rating,messaging_limit_tier,name_status", accessToken, cancellationToken);

    /// <summary><c>GET /{version}/{waba-id}/phone_numbers</c>: one page of the numbers of a WhatsApp Business Account.</summary>
    public Task<MetaAnswer> ListWabaPhoneNumbersAsync(string wabaId, string accessToken, string? after, CancellationToken cancellationToken) =>
        GetAsync(MetaOperation.ListPhoneNumbers, $"/{options.Value.ApiVersion}/{Uri.EscapeDataString(wabaId)}/phone_numbers?fields=id&limit=100"
            + (after is null ? "" : "&after=" + Uri.EscapeDataString(after)), accessToken, cancellationToken);

    /// <summary><c>GET /{version}/{waba-id}/message_templates</c>: one page of a WABA's templates, with what Keygate keeps of each.</summary>
    public Task<MetaAnswer> ListTemplatesAsync(string wabaId, string accessToken, string? after, CancellationToken cancellationToken) =>
        GetAsync(MetaOperation.ListTemplates, $"/{options.Value.ApiVersion}/{Uri.EscapeDataString(wabaId)}/message_templates?fields=id,name,language,status,category,components,quality_score&limit=100"
            + (after is null ? "" : "&after=" + Uri.EscapeDataString(after)), accessToken, cancellationToken);

    private async Task<MetaAnswer> GetAsync(MetaOperation operation, string path, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await CallAsync(operation, request, cancellationToken);
    }

    private async Task<MetaAnswer> CallAsync(MetaOperation operation, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await metrics.SendAsync(operation, http, request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return new MetaAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public static void Configure(IHttpClientBuilder builder) =>
        builder.ConfigureHttpClient((provider, client) =>
            {
                client.BaseAddress = provider.GetRequiredService<IOptions<MetaOptions>>().Value.BaseUrl;
                client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline owns time limits
            })
            .AddResilienceHandler("meta", (pipeline, context) =>
            {
                var meta = context.ServiceProvider.GetRequiredService<IOptions<MetaOptions>>().Value;
                var attempt = TimeSpan.FromSeconds(meta.AttemptTimeoutSeconds);
                pipeline
                    .AddTimeout(new HttpTimeoutStrategyOptions { TimeoutGenerator = args => ReadsOnly(args.Context, attempt * (meta.MaxRetries + 1)) })
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = meta.MaxRetries,
                        Delay = TimeSpan.FromMilliseconds(meta.FirstRetryDelayMilliseconds),
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldHandle = args => IsRead(args.Context) ? ShouldRetryAsync(args.Outcome) : ValueTask.FromResult(NeverConnected(args.Outcome.Exception)),
                    })
                    .AddTimeout(new HttpTimeoutStrategyOptions { TimeoutGenerator = args => ReadsOnly(args.Context, attempt) });
            });

    private static bool IsRead(ResilienceContext context) => context.GetRequestMessage()?.Method is { } method && (method == HttpMethod.Get || method == HttpMethod.Head);

    /// <summary>A time limit for a read; none for anything else (an infinite timeout is no timeout to Polly).</summary>
    private static ValueTask<TimeSpan> ReadsOnly(ResilienceContext context, TimeSpan limit) =>
        ValueTask.FromResult(IsRead(context) ? limit : Timeout.InfiniteTimeSpan);

    /// <summary>Failures that happen before the request is written: the connection (name, TCP, TLS) was never made.</summary>
    internal static bool NeverConnected(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError };

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException;
        }
        var response = outcome.Result!;
        if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
        {
            return true;
        }
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return false;
        }
        await response.Content.LoadIntoBufferAsync();
        return ErrorCodeOf(await response.Content.ReadAsStringAsync()) is { } code && ThroughputCodes.Contains(code);
    }

    /// <summary>
    /// Meta's numeric <c>error.code</c> in an answer's body, or null. Whatever the body holds (not JSON, an error that is
    /// a string, a code that is text or too large) this never throws: the answer then goes back to the caller as Meta gave it.
    /// </summary>
    internal static int? ErrorCodeOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var number)
                    ? number
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
