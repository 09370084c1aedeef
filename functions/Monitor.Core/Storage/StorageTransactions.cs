using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Monitor.Core.Storage;

/// <summary>The storage service a request went to.</summary>
public enum StorageService
{
    Blob,
    Table,
    Queue,
}

/// <summary>
/// A kind of storage request: its service, what it did (its HTTP method; LIST and QUERY for reads of
/// many, LEASE for a blob lease taken, renewed or released), and the container, table or queue.
/// </summary>
public readonly record struct StorageRequest(StorageService Service, string Operation, string Target)
{
    /// <summary>True for a request that changes something (a write, a delete, a message sent or deleted, a lease).</summary>
    public bool IsWrite => Operation is "PUT" or "POST" or "MERGE" or "PATCH" or "DELETE" or "LEASE";

    public override string ToString() => $"{Service} {Operation} {Target}";
}

/// <summary>
/// The storage requests this process has sent, counted by kind as Azure bills them: every request
/// that leaves for the service, retries included (an Azure SDK pipeline policy on each of the
/// three clients). What a stored article or an unchanged feed costs is read from here by the
/// benchmarks and the tests; the counts stay small whatever the traffic (one number per kind).
/// </summary>
public sealed class StorageTransactions
{
    private readonly ConcurrentDictionary<StorageRequest, long> counts = new();

    /// <summary>The policy to add to a client of <paramref name="service"/>, at <see cref="HttpPipelinePosition.PerRetry"/>.</summary>
    public HttpPipelinePolicy PolicyFor(StorageService service) => new Counting(this, service);

    /// <summary>Every kind of request sent since the start (or the last <see cref="Reset"/>), with its count.</summary>
    public IReadOnlyDictionary<StorageRequest, long> Snapshot() => new Dictionary<StorageRequest, long>(counts);

    public void Reset() => counts.Clear();

    /// <summary>All requests sent.</summary>
    public long Total => counts.Values.Sum();

    /// <summary>Requests that changed something.</summary>
    public long Writes => counts.Where(c => c.Key.IsWrite).Sum(c => c.Value);

    /// <summary>Requests that changed something in one container, table or queue.</summary>
    public long WritesTo(string target) => counts.Where(c => c.Key.IsWrite && c.Key.Target == target).Sum(c => c.Value);

    /// <summary>Queries of a table (reads of many rows), not reads of one row.</summary>
    public long QueriesOf(string table) => counts.Where(c => c.Key.Service == StorageService.Table && c.Key.Operation == "QUERY" && c.Key.Target == table).Sum(c => c.Value);

    /// <summary>What was sent, for a failing assertion or a log: "Table PUT feeds 4, Queue POST feedpolls 4, …", most frequent first.</summary>
    public string Describe() => Describe(Snapshot());

    /// <summary>Counted requests as one line: "Table PUT feeds 4, Queue POST feedpolls 4, …", most frequent first.</summary>
    public static string Describe(IReadOnlyDictionary<StorageRequest, long> counts) =>
        string.Join(", ", counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key.ToString(), StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    private void Record(StorageService service, Request request)
    {
        var uri = request.Uri;
        var method = request.Method.Method;

        // Path: /<account>/<container|table|queue>[(keys)]/... on the emulator, /<container|table|queue>/... in Azure.
        var path = uri.Path;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var emulator = uri.Host is "127.0.0.1" or "localhost" && segments.Length > 0 && segments[0] == "devstoreaccount1";
        var target = segments.Length > (emulator ? 1 : 0) ? segments[emulator ? 1 : 0] : "";
        // A table's entity is addressed as table(PartitionKey='…',RowKey='…'); a query as table() or table.
        var keys = target.IndexOf('(', StringComparison.Ordinal);
        var pointed = keys >= 0 && target.Length > keys + 2;
        if (keys >= 0)
        {
            target = target[..keys];
        }

        var query = uri.Query;
        var operation = method switch
        {
            "GET" when service == StorageService.Blob && query.Contains("comp=list", StringComparison.Ordinal) => "LIST",
            "GET" when service == StorageService.Table && !pointed => "QUERY",
            "PUT" when service == StorageService.Blob && query.Contains("comp=lease", StringComparison.Ordinal) => "LEASE",
            _ => method,
        };
        counts.AddOrUpdate(new StorageRequest(service, operation, target), 1, (_, n) => n + 1);
    }

    private sealed class Counting(StorageTransactions transactions, StorageService service) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            transactions.Record(service, message.Request);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            transactions.Record(service, message.Request);
            return ProcessNextAsync(message, pipeline);
        }
    }
}
