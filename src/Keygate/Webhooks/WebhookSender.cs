using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Keygate.Keys;
using Microsoft.Extensions.Options;

namespace Keygate.Webhooks;

/// <summary>How one attempt went. <see cref="Error"/> is short and safe to show: never a header, a body or the secret.</summary>
internal sealed record AttemptOutcome(bool Delivered, int? StatusCode, string? Error);

/// <summary>
/// Makes one attempt: POSTs the stored payload bytes, signed like Meta signs (<c>X-Hub-Signature-256</c>)
/// with the subscription's current secret, so a retry after a rotation carries a signature the receiver
/// can check with its new secret. Any 2xx is delivered; redirects are not followed.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, SecretProtector protector, IOptions<WebhookOptions> options)
{
    public const string ClientName = "webhooks";
    public const string DeliveryHeader = "X-Keygate-Delivery";
    public const string EventHeader = "X-Keygate-Event";

    public async Task<AttemptOutcome> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        string signature;
        try
        {
            signature = Sign(subscription, body);
        }
        catch (CryptographicException)
        {
            // Retrying cannot help, but counting the attempt lets the delivery end as failed with a reason.
            return new(false, null, "The signing secret could not be decrypted: was the master key replaced? Rotate the secret.");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSecret.SignatureHeader, signature);
        request.Headers.Add(DeliveryHeader, delivery.Id);
        request.Headers.Add(EventHeader, delivery.EventType);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? new(true, status, null) : new(false, status, $"HTTP {status}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(false, null, $"No answer within {options.Value.TimeoutSeconds} s.");
        }
        catch (HttpRequestException exception)
        {
            return new(false, null, Describe(exception));
        }
    }

    private string Sign(WebhookSubscription subscription, byte[] body)
    {
        var secret = protector.Decrypt(subscription.EncryptedSecret, subscription.Id);
        try
        {
            return WebhookSecret.Signature(secret, body);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static string Describe(HttpRequestException exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case CallbackRefusedException refused:
                    return "Refused: the callback " + char.ToLowerInvariant(refused.Message[0]) + refused.Message[1..];
                case SocketException socket:
                    return $"Could not connect ({socket.SocketErrorCode}).";
            }
        }
        return exception.HttpRequestError switch
        {
            HttpRequestError.SecureConnectionError => "The TLS handshake failed.",
            HttpRequestError.ResponseEnded => "The connection closed before a response.",
            HttpRequestError.InvalidResponse => "The response was not valid HTTP.",
            _ => $"The request failed ({exception.HttpRequestError}).",
        };
    }
}
