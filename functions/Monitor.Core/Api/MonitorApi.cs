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
    DigestService digests,
    SourceStatusReader sources,
    TopicCatalog topics,
    MonitorStorage storage,
    TimeProvider time,
    ILogger<MonitorApi> log)
{
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

        var query = parsed.Query!;
        var digest = await digests.BuildAsync(query, ct).ConfigureAwait(false);
        var etag = DigestETag.Of(digest, query.Format);
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

        var rendered = DigestFormats.Render(digest, query.Format, request.Url);
        return new ApiResponse(200, rendered.ContentType, rendered.Body) { Headers = headers };
    }

    /// <summary>GET /api/schema: the JSON Schema of the digest's JSON (version <see cref="Digest.SchemaVersion"/>).</summary>
    public ApiResponse Schema() =>
        new(200, "application/schema+json; charset=utf-8", DigestSchema.Text) { Headers = new Dictionary<string, string> { ["Cache-Control"] = "public, max-age=3600" } };

    /// <summary>GET /api/sources: every configured feed with its polling status.</summary>
    public async Task<ApiResponse> SourcesAsync(CancellationToken ct)
    {
        var statuses = await sources.ReadAsync(ct).ConfigureAwait(false);
        return ApiResponse.JsonOf(200, new { generatedAt = time.GetUtcNow(), sources = statuses });
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check failed: storage unreachable")]
    private static partial void LogUnhealthy(ILogger logger, Exception error);
}
