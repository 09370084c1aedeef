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
    /// <summary>GET /api/digest?topic=&amp;since=&amp;until=&amp;format=</summary>
    public async Task<ApiResponse> DigestAsync(IReadOnlyDictionary<string, string?> query, CancellationToken ct)
    {
        var parsed = DigestQueryParser.Parse(query, time.GetUtcNow(), [.. topics.Topics.Select(t => t.Id)]);
        if (!parsed.IsValid)
        {
            return ApiResponse.Problem(400, "The digest query is not valid.", parsed.Errors);
        }

        var request = parsed.Query!;
        var digest = await digests.BuildAsync(request, ct).ConfigureAwait(false);
        var body = request.Format == DigestFormat.Markdown ? DigestRenderer.ToMarkdown(digest) : DigestRenderer.ToJson(digest);
        return new ApiResponse(200, DigestRenderer.ContentType(request.Format), body);
    }

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
