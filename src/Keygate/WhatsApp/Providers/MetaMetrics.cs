using System.Diagnostics;
using System.Diagnostics.Metrics;
using Keygate.Hosting;

namespace Keygate.WhatsApp.Providers;

/// <summary>What a call to Meta was for: one of a fixed set, never its path (which names phone number and WABA ids).</summary>
internal enum MetaOperation
{
    SendMessage,
    ReadPhoneNumber,
    ListPhoneNumbers,
    ListTemplates,
    /// <summary>A call passed through from a Cloud API client (media, templates, profiles, …), answered as Meta answered it.</summary>
    PassThrough,
}

/// <summary>
/// Calls to Meta's Graph API and how long each took as its caller saw it (retries included), by <c>operation</c> and by
/// <c>outcome</c>: <c>ok</c>, <c>client_error</c> (4xx, Meta's refusals and throttling), <c>server_error</c> (5xx) or
/// <c>no_answer</c> (no connection, a time limit, the caller gone). .NET's own <c>http.client.request.duration</c> counts
/// each attempt by host; this says which of Keygate's calls they were.
/// </summary>
internal sealed class MetaMetrics(IMeterFactory meters)
{
    private static readonly KeyValuePair<string, object?>[] Operations =
    [
        new("operation", "send_message"),
        new("operation", "read_phone_number"),
        new("operation", "list_phone_numbers"),
        new("operation", "list_templates"),
        new("operation", "pass_through"),
    ];

    private static readonly KeyValuePair<string, object?> Ok = new("outcome", "ok");
    private static readonly KeyValuePair<string, object?> ClientError = new("outcome", "client_error");
    private static readonly KeyValuePair<string, object?> ServerError = new("outcome", "server_error");
    private static readonly KeyValuePair<string, object?> NoAnswer = new("outcome", "no_answer");

    private readonly Histogram<double> _calls = meters.CreateDuration("keygate.meta.call.duration",
        "Calls to Meta's Graph API, by operation and outcome, and how long each took (retries included)");

    /// <summary>
    /// Sends <paramref name="request"/> through <paramref name="http"/> and records the call, timed until
    /// <paramref name="completion"/>: the whole answer, or only its headers when the caller streams the body at its own pace.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(MetaOperation operation, HttpClient http, HttpRequestMessage request,
        HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        try
        {
            var response = await http.SendAsync(request, completion, cancellationToken);
            status = (int)response.StatusCode;
            return response;
        }
        finally
        {
            _calls.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, Operations[(int)operation], status switch
            {
                null => NoAnswer,
                >= 500 => ServerError,
                >= 400 => ClientError,
                _ => Ok,
            });
        }
    }
}
