using Microsoft.Extensions.Logging;
using Monitor.Core.Classification;
using Monitor.Core.Digests;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;

namespace Monitor.Core.Api;

/// <summary>
/// What the HTTP functions and the local host answer. Each method takes the request's data and
/// returns the whole response, so both hosts only copy it onto the wire.
/// </summary>
public sealed partial class MonitorApi(
    DigestAnswers digests,
    SourceStatusReader sources,
    TopicCatalog topics,
    MonitorStorage storage,
    TimeProvider time,
    ILogger<MonitorApi> log)
{
    /// <summary>The Retry-After of a 503 when too many digests are being computed, in seconds.</summary>
    public const string BusyRetryAfterSeconds = "5";

    /// <summary>The Retry-After of a 503 while storage does not answer, in seconds.</summary>
    public const string StorageRetryAfterSeconds = "30";

    /// <summary>How long clients and caches may reuse a digest before asking again (with its ETag).</summary>
    public const string DigestCacheControl = "public, max-age=60";

    /// <summary>
    /// GET /api/digest?topic=&amp;since=&amp;until=&amp;format=&amp;lang=&amp;source=&amp;type=&amp;minScore=&amp;q=&amp;limit=&amp;continuation=:
    /// the digest in the format asked for, with an ETag of its content (the time it was generated left
    /// out) and Cache-Control; 304 when If-None-Match names the same ETag.
    /// </summary>
    public async Task<ApiResponse> DigestAsync(ApiRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parsed = DigestQueryParser.Parse(request.Query, time.GetUtcNow(), [.. topics.Topics.Select(t => t.Id)]);
        if (!parsed.IsValid)
        {
            return ApiResponse.Problem(400, "The digest query is not valid.", parsed.Errors);
        }

        return await AnsweredAsync(ApiRoutes.Digest, () => RenderAsync(request, parsed.Query!, ct), ct).ConfigureAwait(false);
    }

    private async Task<ApiResponse> RenderAsync(ApiRequest request, DigestQuery query, CancellationToken ct)
    {
        DigestAnswer answer;
        try
        {
            answer = await digests.AnswerAsync(query, request.Url, ct).ConfigureAwait(false);
        }
        catch (DigestBusyException e)
        {
            return ApiResponse.Problem(503, e.Message, ["busy"]) with
            {
                Headers = new Dictionary<string, string> { ["Retry-After"] = BusyRetryAfterSeconds },
            };
        }

        var etag = answer.ETag;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ETag"] = etag,
            ["Cache-Control"] = DigestCacheControl,
            ["Vary"] = "Accept-Encoding",
        };
        if (DigestETag.Matches(request.IfNoneMatch, etag))
        {
            return new ApiResponse(304, "", "") { Headers = headers };
        }

        return new ApiResponse(200, answer.ContentType, answer.Body) { Headers = headers };
    }

    /// <summary>GET /api/schema: the JSON Schema of the digest's JSON (version <see cref="Digest.SchemaVersion"/>).</summary>
    public ApiResponse Schema() =>
        new(200, "application/schema+json; charset=utf-8", DigestSchema.Text) { Headers = new Dictionary<string, string> { ["Cache-Control"] = "public, max-age=3600" } };

    /// <summary>
    /// GET /api/sources: every configured feed with its polling status, as JSON, or with
    /// <c>format=html</c> as a page for people (linked from the digest's page). Other parameters are ignored.
    /// </summary>
    public Task<ApiResponse> SourcesAsync(ApiRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = request.Query.TryGetValue(DigestQueryParser.FormatParameter, out var raw) && !string.IsNullOrWhiteSpace(raw) ? raw.Trim().ToLowerInvariant() : "json";
        if (format is not ("json" or "html"))
        {
            return Task.FromResult(ApiResponse.Problem(400, "The sources query is not valid.", [$"the value '{raw}' of parameter 'format' is not supported; use json or html"]));
        }

        return AnsweredAsync(ApiRoutes.Sources, async () =>
        {
            var statuses = await sources.ReadAsync(ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (format == "json")
            {
                return ApiResponse.JsonOf(200, new { generatedAt = now, sources = statuses });
            }

            var address = new DigestAddress(request.Url);
            var digests = topics.Topics
                .Select(t => (t.Name, address.Route(ApiRoutes.Digest, "topic=" + Uri.EscapeDataString(t.Id) + "&since=7d&format=html")))
                .ToList();
            return new ApiResponse(200, SourcesHtml.ContentType, SourcesHtml.ToHtml(statuses, now, digests));
        }, ct);
    }

    /// <summary>
    /// The answer of <paramref name="answer"/>, or, when it fails, a JSON problem that says why: 503 with
    /// Retry-After while storage does not answer, 500 for anything else (logged); never an empty 500.
    /// </summary>
    private async Task<ApiResponse> AnsweredAsync(string route, Func<Task<ApiResponse>> answer, CancellationToken ct)
    {
        try
        {
            return await answer().ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && IsStorageFailure(e))
        {
            LogStorageDown(log, route, e.Message);
            return ApiResponse.Problem(503, "Storage is not answering; try again shortly.", ["storage unreachable"]) with
            {
                Headers = new Dictionary<string, string> { ["Retry-After"] = StorageRetryAfterSeconds },
            };
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogFailed(log, route, e);
            return ApiResponse.Problem(500, "The answer could not be made; the error is logged.", ["internal error"]);
        }
    }

    /// <summary>What storage throws when it cannot be reached or keeps failing (after the SDK's own retries).</summary>
    private static bool IsStorageFailure(Exception e) => e switch
    {
        Azure.RequestFailedException { Status: 0 or >= 500 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsStorageFailure),
        HttpRequestException or IOException or TimeoutException or System.Net.Sockets.SocketException or OperationCanceledException => true,
        _ => false,
    };

    /// <summary>GET /api/health: 200 when storage answers, 503 otherwise.</summary>
    public async Task<ApiResponse> HealthAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await storage.EnsureCreatedAsync(timeout.Token).ConfigureAwait(false);
            await storage.Blobs.GetBlobContainerClient(StorageNames.IncomingContainer).ExistsAsync(timeout.Token).ConfigureAwait(false);
            return ApiResponse.JsonOf(200, new { status = "healthy", storage = "reachable", checkedAt = time.GetUtcNow() });
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogUnhealthy(log, e);
            return ApiResponse.JsonOf(503, new { status = "unhealthy", storage = "unreachable", error = e.Message, checkedAt = time.GetUtcNow() });
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Route} answered 503: storage unreachable ({Error})")]
    private static partial void LogStorageDown(ILogger logger, string route, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Route} failed")]
    private static partial void LogFailed(ILogger logger, string route, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check failed: storage unreachable")]
    private static partial void LogUnhealthy(ILogger logger, Exception error);
}
