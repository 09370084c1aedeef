using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Monitor.Core.Outbound;

namespace Monitor.Core.Feeds;

/// <summary>
/// Fetches one feed politely: conditional GET with the stored validators, our own User-Agent, redirects
/// followed by hand (so loops are caught), one deadline for the whole exchange, and a size limit.
/// Never throws for what a server does; only the caller's cancellation escapes.
/// </summary>
public sealed class FeedFetcher
{
    /// <summary>The named <see cref="HttpClient"/> feeds are fetched with.</summary>
    public const string HttpClientName = "feeds";

    /// <summary>Feed types first; anything else accepted, so misconfigured servers still answer.</summary>
    public const string AcceptHeader =
        "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1";

    /// <summary>Article pages: HTML first.</summary>
    public const string PageAcceptHeader = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";

    /// <summary>How much of an error page is read to recognise a bot wall.</summary>
    private const int ErrorPageLimit = 256 * 1024;

    private readonly IHttpClientFactory http;
    private readonly FeedOptions options;

    public FeedFetcher(IHttpClientFactory http, FeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        this.http = http;
        this.options = options;
    }

    /// <summary>
    /// The handler under the named client: no automatic redirects (<see cref="FetchAsync"/> follows them),
    /// every compression accepted, no cookies shared between feeds, no proxy, and every connection (the
    /// feed's, each redirect's, each page's) made by <see cref="OutboundConnections.ConnectAsync"/> under
    /// <paramref name="policy"/>, to an address it checked.
    /// </summary>
    public static SocketsHttpHandler CreatePrimaryHandler(OutboundResolver resolver, IOutboundAddressPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(policy);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = (context, ct) => OutboundConnections.ConnectAsync(resolver, policy, context.DnsEndPoint, ct),
        };
    }

    /// <summary>GETs the feed, sending If-None-Match / If-Modified-Since when validators are given.</summary>
    public Task<FeedFetchResult> FetchAsync(Uri url, string? etag, string? lastModified, CancellationToken ct) =>
        FetchAsync(url, etag, lastModified, AcceptHeader, ct);

    /// <summary>GETs an article's web page, with the same timeout, size limit and redirect rules as a feed.</summary>
    public Task<FeedFetchResult> FetchPageAsync(Uri url, CancellationToken ct) =>
        FetchAsync(url, etag: null, lastModified: null, PageAcceptHeader, ct);

    private async Task<FeedFetchResult> FetchAsync(Uri url, string? etag, string? lastModified, string accept, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.Timeout);
        var client = http.CreateClient(HttpClientName);
        var current = url;
        var visited = new HashSet<string>(StringComparer.Ordinal) { url.AbsoluteUri };
        int? lastStatus = null;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                using var request = CreateRequest(current, etag, lastModified, accept);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                lastStatus = (int)response.StatusCode;
                if (!IsRedirect(response.StatusCode))
                {
                    return await ReadAnswerAsync(url, current, response, deadline.Token).ConfigureAwait(false);
                }

                var location = response.Headers.Location;
                if (location is null)
                {
                    return Failure(url, current, FeedFailureReason.HttpError, lastStatus, $"HTTP {lastStatus} redirect without a Location header.");
                }

                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
                {
                    return Failure(url, current, FeedFailureReason.HttpError, lastStatus, $"Redirect to an address that is not http(s): {next}");
                }

                if (!visited.Add(next.AbsoluteUri))
                {
                    return Failure(url, current, FeedFailureReason.RedirectLoop, lastStatus, $"Redirect loop: {next} was already visited.");
                }

                if (redirects >= options.MaxRedirects)
                {
                    return Failure(url, current, FeedFailureReason.RedirectLoop, lastStatus, $"More than {options.MaxRedirects} redirects.");
                }

                current = next;
            }
        }
        catch (HttpRequestException e) when (OutboundConnections.RefusalIn(e) is { } refusal && !ct.IsCancellationRequested)
        {
            // Nothing was sent to the refused address, so nothing of it can be stored or shown.
            return Failure(url, current, FeedFailureReason.BlockedAddress, lastStatus,
                $"Not fetched: {current.Host} is or resolves to a {refusal.Reason} address, which feeds may not reach (see Feeds:AllowLoopback and Feeds:AllowPrivateNetworks).");
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException
                                  && deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return Failure(url, current, FeedFailureReason.Timeout, lastStatus,
                $"No complete answer within {options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            return Failure(url, current, FeedFailureReason.NetworkError, lastStatus, MessageOf(e));
        }
    }

    private HttpRequestMessage CreateRequest(Uri url, string? etag, string? lastModified, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (!string.IsNullOrWhiteSpace(etag))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        if (!string.IsNullOrWhiteSpace(lastModified))
        {
            request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
        }

        return request;
    }

    private async Task<FeedFetchResult> ReadAnswerAsync(Uri requested, Uri final, HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var contentType = response.Content.Headers.ContentType;
        var answer = new FeedFetchResult
        {
            RequestedUrl = requested,
            FinalUrl = final,
            StatusCode = status,
            MediaType = contentType?.MediaType,
            Charset = contentType?.CharSet,
            ETag = HeaderOf(response.Headers, "ETag"),
            LastModified = HeaderOf(response.Content.Headers, "Last-Modified"),
            Hints = ServerHints.From(response),
        };

        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return answer with { NotModified = true };
        }

        if (response.IsSuccessStatusCode)
        {
            if (response.Content.Headers.ContentLength > options.MaxBodyBytes)
            {
                return TooLarge(answer, $"The server announces {response.Content.Headers.ContentLength} bytes; the limit is {options.MaxBodyBytes}.");
            }

            var body = await ReadBodyAsync(response.Content, options.MaxBodyBytes, ct).ConfigureAwait(false);
            return body is null
                ? TooLarge(answer, $"The body is larger than the limit of {options.MaxBodyBytes} bytes.")
                : answer with { Body = body };
        }

        if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
        {
            var page = await ReadBodyAsync(response.Content, ErrorPageLimit, ct, truncate: true).ConfigureAwait(false);
            if (page is { Length: > 0 } && BotWall.IsChallenge(FeedDecoding.Decode(page, answer.Charset)))
            {
                return answer with { FailureReason = FeedFailureReason.BotWall, Error = $"HTTP {status}: an anti-bot challenge page instead of the feed." };
            }
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests
            || (response.StatusCode == HttpStatusCode.ServiceUnavailable && answer.Hints.HasRetryAfter))
        {
            return answer with { FailureReason = FeedFailureReason.RateLimited, Error = $"HTTP {status}: the server asks to come back later." };
        }

        return answer with { FailureReason = FeedFailureReason.HttpError, Error = $"HTTP {status} {response.ReasonPhrase}".TrimEnd() };
    }

    /// <summary>The body, or null when it exceeds <paramref name="limit"/> (unless truncating, then its first bytes).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContent content, int limit, CancellationToken ct, bool truncate = false)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var expected = content.Headers.ContentLength is { } length && length <= limit ? (int)length : 64 * 1024;
            using var buffer = new MemoryStream(Math.Min(expected, limit));
            var chunk = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        if (!truncate)
                        {
                            return null;
                        }

                        buffer.Write(chunk, 0, limit - (int)buffer.Length);
                        break;
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return buffer.ToArray();
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static string? HeaderOf(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static FeedFetchResult TooLarge(FeedFetchResult answer, string error) =>
        answer with { FailureReason = FeedFailureReason.TooLarge, Error = error };

    private static FeedFetchResult Failure(Uri requested, Uri final, FeedFailureReason reason, int? status, string error) => new()
    {
        RequestedUrl = requested,
        FinalUrl = final,
        StatusCode = status,
        FailureReason = reason,
        Error = error,
    };

    private static string MessageOf(Exception e) =>
        e.InnerException is { } inner && !string.IsNullOrEmpty(inner.Message) && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{e.Message} ({inner.Message})"
            : e.Message;
}
