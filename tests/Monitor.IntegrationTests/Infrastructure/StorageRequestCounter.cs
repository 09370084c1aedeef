using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Monitor.IntegrationTests.Infrastructure;

/// <summary>
/// Counts the requests the Azure SDK sends, by method and by container or table, so tests can
/// assert on writes ("no blob written", "one upsert per feed") against real Azurite.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<(string Method, string Target, string Path)> requests = new();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    public void Reset() => requests.Clear();

    /// <summary>Requests that change something (PUT, POST, MERGE, PATCH, DELETE) on a container or table.</summary>
    public int WritesTo(string target) => requests.Count(r => r.Target == target && IsWrite(r.Method));

    /// <summary>Queries of a table (GET of <c>table()</c>), not reads of one row.</summary>
    public int QueriesOf(string table) => requests.Count(r => r.Target == table && r.Method == "GET" && r.Path.EndsWith("/" + table + "()", StringComparison.Ordinal));

    public int AllWrites => requests.Count(r => IsWrite(r.Method));

    public IReadOnlyList<string> Describe() => [.. requests.Select(r => $"{r.Method} {r.Path}")];

    private static bool IsWrite(string method) => method is "PUT" or "POST" or "MERGE" or "PATCH" or "DELETE";

    private void Record(HttpMessage message)
    {
        var path = message.Request.Uri.Path;

        // Path: /devstoreaccount1/<container-or-table>[(keys)]/...
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var target = segments.Length > 1 ? segments[1] : "";
        var paren = target.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            target = target[..paren];
        }

        requests.Enqueue((message.Request.Method.ToString(), target, path));
    }
}
