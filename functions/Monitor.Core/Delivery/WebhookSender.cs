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
        var refused = WebhookAddresses.WhyRefused(url) ?? WhyLiteralRefused(url, settings);
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
        catch (HttpRequestException e) when (RefusalIn(e) is { } refusal && !ct.IsCancellationRequested)
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
        WebhookHttp.ParseLiteral(url.IdnHost) is { } address ? WebhookAddresses.WhyRefused(address, settings) : null;

    private static WebhookDestinationRefusedException? RefusalIn(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookDestinationRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }

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
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                        SocketError.TimedOut => "connect timeout",
                        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "connection reset",
                        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown => "unreachable",
                        _ => "socket error " + socket.SocketErrorCode.ToString(),
                    };
                case AuthenticationException:
                    return "TLS error";
            }
        }

        return e is HttpRequestException http
            ? http.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "host not found",
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
/// follows redirects, keeps no cookies, uses no proxy, and connects through <see cref="ConnectAsync"/>,
/// which resolves the host itself and connects only to an address <see cref="WebhookAddresses"/> allows:
/// the checked address is the one connected to, whatever DNS answers a moment later.
/// </summary>
public static class WebhookHttp
{
    public static IServiceCollection AddWebhookSender(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<WebhookResolver>();
        services.TryAddSingleton<WebhookSender>();
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => CreatePrimaryHandler(
                provider.GetRequiredService<WebhookResolver>(),
                provider.GetRequiredService<IOptions<WebhookOptions>>().Value))
            // Webhook URLs often carry the receiver's own secret in their path: the sender logs the host only.
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>The handler under the named client; every connection goes through <see cref="ConnectAsync"/>.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler(WebhookResolver resolver, WebhookOptions options)
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
            ConnectCallback = (context, ct) => ConnectAsync(resolver, options, context.DnsEndPoint, ct),
        };
    }

    /// <summary>
    /// Resolves <paramref name="endPoint"/>'s host (an address written in the URL is taken as it is), drops
    /// every address <see cref="WebhookAddresses.WhyRefused(IPAddress, WebhookOptions)"/> refuses, and
    /// connects to the first one left that answers. Throws <see cref="WebhookDestinationRefusedException"/>
    /// when none is left.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(WebhookResolver resolver, WebhookOptions options, DnsEndPoint endPoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endPoint);
        var (allowed, refused) = await ScreenAsync(resolver, options, endPoint.Host, ct).ConfigureAwait(false);
        if (allowed.Count == 0)
        {
            throw new WebhookDestinationRefusedException(endPoint.Host, string.Join(", ", refused.Select(r => r.Reason).Distinct(StringComparer.Ordinal)));
        }

        ExceptionDispatchInfo? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), ct).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = ExceptionDispatchInfo.Capture(e);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        last!.Throw();
        throw new UnreachableException();
    }

    /// <summary>
    /// The addresses a webhook host stands for (the address itself when the URL writes one, else what
    /// the resolver answers), split into those webhooks may reach and those they may not, with the
    /// reason. Throws <see cref="SocketException"/> (host not found) when there is none.
    /// </summary>
    public static async Task<(IReadOnlyList<IPAddress> Allowed, IReadOnlyList<(IPAddress Address, string Reason)> Refused)> ScreenAsync(
        WebhookResolver resolver, WebhookOptions options, string host, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        var addresses = ParseLiteral(host) is { } literal
            ? [literal]
            : await resolver.ResolveAsync(host, ct).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var allowed = new List<IPAddress>(addresses.Length);
        var refused = new List<(IPAddress, string)>();
        foreach (var address in addresses)
        {
            if (WebhookAddresses.WhyRefused(address, options) is { } why)
            {
                refused.Add((address, why));
            }
            else
            {
                allowed.Add(address);
            }
        }

        return (allowed, refused);
    }

    /// <summary>The IP address a URL host is written as (IPv6 with or without brackets), or null for a name.</summary>
    internal static IPAddress? ParseLiteral(string host) =>
        IPAddress.TryParse(host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host, out var address) ? address : null;
}

/// <summary>Resolves webhook host names; a singleton, replaceable so tests can map names to addresses.</summary>
public class WebhookResolver
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>Every address of a webhook's host is one that may not be called (loopback, a private network, ...).</summary>
public sealed class WebhookDestinationRefusedException : Exception
{
    public WebhookDestinationRefusedException()
        : this("The webhook destination is not allowed.")
    {
    }

    public WebhookDestinationRefusedException(string message)
        : base(message)
    {
        Reason = message;
    }

    public WebhookDestinationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public WebhookDestinationRefusedException(string host, string reason, Exception? innerException = null)
        : base($"The webhook destination {host} is not allowed: {reason}.", innerException)
    {
        Host = host;
        Reason = reason;
    }

    /// <summary>The host that was refused, when known.</summary>
    public string? Host { get; }

    /// <summary>Why, shortly: "loopback", "private network", "cloud metadata", ...</summary>
    public string Reason { get; }
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
