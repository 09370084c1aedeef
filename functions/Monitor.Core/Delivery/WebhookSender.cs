using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Digests;
using Monitor.Core.Outbound;

namespace Monitor.Core.Delivery;

/// <summary>
/// Posts one signed delivery to a subscriber's webhook. One attempt per call; the caller retries a
/// <see cref="DeliveryOutcome.Failed"/> later with the same delivery id. Never throws for what a
/// receiver or the network does; only the caller's cancellation escapes.
/// </summary>
/// <remarks>
/// Every request carries <c>Monitor-Delivery</c> (the delivery id: the receiver's idempotency key, the
/// same on every retry), <c>Monitor-Timestamp</c> (Unix seconds) and <c>Monitor-Signature</c>:
/// <c>t={timestamp},v1={hex HMAC-SHA256 of "{timestamp}.{body}" keyed with the secret's UTF-8 bytes}</c>
/// (see <see cref="WebhookSignature"/>). Redirects are never followed. Where it may connect is checked
/// when connecting (<see cref="WebhookHttp"/>), so the client must come from <see cref="WebhookHttp.AddWebhookSender"/>.
/// </remarks>
public sealed partial class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookSender> log)
{
    /// <summary>The named <see cref="HttpClient"/> webhooks are posted with.</summary>
    public const string HttpClientName = "webhooks";

    /// <summary>The delivery id: the same on every attempt of one delivery, so receivers can drop repeats.</summary>
    public const string DeliveryHeader = "Monitor-Delivery";

    /// <summary>When the attempt was signed, in Unix seconds (also the <c>t=</c> of the signature).</summary>
    public const string TimestampHeader = "Monitor-Timestamp";

    /// <summary><c>t={unix seconds},v1={hex HMAC-SHA256}</c>; see <see cref="WebhookSignature"/>.</summary>
    public const string SignatureHeader = "Monitor-Signature";

    /// <summary>
    /// POSTs <paramref name="body"/> (JSON, e.g. <see cref="DigestRenderer.ToJson"/>) to <paramref name="url"/>:
    /// 2xx is <see cref="DeliveryOutcome.Delivered"/>, 410 <see cref="DeliveryOutcome.Gone"/>, a destination
    /// that may not be called <see cref="DeliveryOutcome.Refused"/>, anything else (other statuses, redirects,
    /// timeouts, network errors) <see cref="DeliveryOutcome.Failed"/>.
    /// </summary>
    public async Task<DeliveryResult> SendAsync(Uri url, string secret, string deliveryId, string body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryId);
        ArgumentNullException.ThrowIfNull(body);
        if (deliveryId.Any(char.IsControl))
        {
            throw new ArgumentException("The delivery id must not contain control characters.", nameof(deliveryId));
        }

        var settings = options.Value;
        var refused = OutboundAddresses.WhyRefused(url) ?? WhyLiteralRefused(url, settings);
        if (refused is not null)
        {
            return Refused(deliveryId, url, refused);
        }

        var host = url.IdnHost;
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        using var request = CreateRequest(url, secret, deliveryId, body, settings);
        var client = clients.CreateClient(HttpClientName);
        int status;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            try
            {
                await DrainAsync(response.Content, settings.MaxResponseBytes, linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException && !ct.IsCancellationRequested)
            {
                // The status is what counts; an answer that never ends is cut off with the connection.
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException
                                  && timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            LogFailed(log, deliveryId, host, null, "timeout");
            return new DeliveryResult(DeliveryOutcome.Failed, null, "timeout");
        }
        catch (HttpRequestException e) when (OutboundConnections.RefusalIn(e) is { } refusal && !ct.IsCancellationRequested)
        {
            return Refused(deliveryId, url, refusal.Reason);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            var reason = ShortReason(e);
            LogFailed(log, deliveryId, host, null, reason);
            return new DeliveryResult(DeliveryOutcome.Failed, null, reason);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        switch (status)
        {
            case >= 200 and < 300:
                LogDelivered(log, deliveryId, host, status, (long)elapsed.TotalMilliseconds);
                return DeliveryResult.Delivered(status);
            case 410:
                LogGone(log, deliveryId, host);
                return new DeliveryResult(DeliveryOutcome.Gone, status);
            case >= 300 and < 400:
                LogFailed(log, deliveryId, host, status, "redirect not followed");
                return new DeliveryResult(DeliveryOutcome.Failed, status, "redirect not followed");
            default:
                var reason = "HTTP " + status.ToString(CultureInfo.InvariantCulture);
                LogFailed(log, deliveryId, host, status, reason);
                return new DeliveryResult(DeliveryOutcome.Failed, status, reason);
        }
    }

    private HttpRequestMessage CreateRequest(Uri url, string secret, string deliveryId, string body, WebhookOptions settings)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        request.Headers.TryAddWithoutValidation("User-Agent", settings.UserAgent);
        request.Headers.TryAddWithoutValidation(DeliveryHeader, deliveryId);
        request.Headers.TryAddWithoutValidation(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        return request;
    }

    private DeliveryResult Refused(string deliveryId, Uri url, string reason)
    {
        LogRefused(log, deliveryId, url.IsAbsoluteUri ? url.IdnHost : "(relative URL)", reason);
        return new DeliveryResult(DeliveryOutcome.Refused, null, reason);
    }

    /// <summary>An address written into the URL is checked before anything is sent.</summary>
    private static string? WhyLiteralRefused(Uri url, WebhookOptions settings) =>
        OutboundConnections.ParseLiteral(url.IdnHost) is { } address ? OutboundAddresses.WhyRefused(address, settings) : null;

    /// <summary>Reads and drops at most <paramref name="limit"/> bytes of the answer.</summary>
    private static async Task DrainAsync(HttpContent content, int limit, CancellationToken ct)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 16 * 1024));
            try
            {
                var left = limit;
                int read;
                while (left > 0 && (read = await stream.ReadAsync(buffer.AsMemory(0, Math.Min(left, buffer.Length)), ct).ConfigureAwait(false)) > 0)
                {
                    left -= read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static string ShortReason(Exception e)
    {
        for (var x = (Exception?)e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case SocketException socket:
                    return FailureText.Of(socket.SocketErrorCode);
                case AuthenticationException:
                    return "TLS error";
            }
        }

        return e is HttpRequestException http
            ? http.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => FailureText.Of(SocketError.HostNotFound),
                HttpRequestError.SecureConnectionError => "TLS error",
                HttpRequestError.ResponseEnded => "connection closed before the answer",
                HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => "invalid HTTP answer",
                HttpRequestError.ConfigurationLimitExceeded => "answer headers too large",
                HttpRequestError.ConnectionError => "connection failed",
                _ => "network error",
            }
            : "network error";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to {Host} answered HTTP {HttpStatus} in {ElapsedMs} ms")]
    private static partial void LogDelivered(ILogger logger, string deliveryId, string host, int httpStatus, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to {Host} answered 410 Gone: the subscription ends")]
    private static partial void LogGone(ILogger logger, string deliveryId, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to {Host} failed (HTTP {HttpStatus}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string deliveryId, string host, int? httpStatus, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} to {Host} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string deliveryId, string host, string reason);
}

/// <summary>
/// Registers <see cref="WebhookSender"/> and the HTTP client it posts with. The client's handler never
/// follows redirects, keeps no cookies, uses no proxy, and connects through <see cref="OutboundConnections.ConnectAsync"/>,
/// which resolves the host itself and connects only to an address <see cref="OutboundAddresses"/> allows:
/// the checked address is the one connected to, whatever DNS answers a moment later.
/// </summary>
public static class WebhookHttp
{
    public static IServiceCollection AddWebhookSender(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<OutboundResolver>();
        services.TryAddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => CreatePrimaryHandler(
                provider.GetRequiredService<OutboundResolver>(),
                provider.GetRequiredService<IOptions<WebhookOptions>>().Value))
            // Webhook URLs often carry the receiver's own secret in their path: the sender logs the host only.
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>The handler under the named client; every connection goes through <see cref="OutboundConnections.ConnectAsync"/>.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler(OutboundResolver resolver, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxResponseHeadersLength = 16,
            ConnectCallback = (context, ct) => OutboundConnections.ConnectAsync(resolver, options, context.DnsEndPoint, ct),
        };
    }
}

/// <summary>
/// The webhook signature, Stripe style: header <c>Monitor-Signature: t={unix seconds},v1={hex}</c> where hex is the
/// lower-case HMAC-SHA256 of <c>"{t}.{body}"</c> (UTF-8) keyed with the secret's UTF-8 bytes. A receiver
/// recomputes it over the raw body it received and rejects old timestamps (replays).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        return "t=" + t + ",v1=" + Convert.ToHexStringLower(Mac(secret, t, body));
    }

    /// <summary>
    /// Whether <paramref name="header"/> is a valid signature of <paramref name="body"/> with <paramref name="secret"/>,
    /// made no further than <paramref name="tolerance"/> from <paramref name="now"/>. Any of several <c>v1=</c> may match
    /// (secret rotation). The comparison takes the same time whatever the bytes.
    /// </summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(header) || body is null)
        {
            return false;
        }

        string? t = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                t = part[2..];
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                signatures.Add(part[3..]);
            }
        }

        if (t is null || signatures.Count == 0
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Mac(secret, t, body);
        Span<byte> given = stackalloc byte[32];
        var valid = false;
        foreach (var signature in signatures)
        {
            if (signature.Length == 64
                && Convert.FromHexString(signature, given, out _, out var written) == OperationStatus.Done
                && written == 32)
            {
                valid |= CryptographicOperations.FixedTimeEquals(given, expected);
            }
        }

        return valid;
    }

    private static byte[] Mac(string secret, string timestamp, string body) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
}
