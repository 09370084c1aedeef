using System.Globalization;
using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Monitor.Core.Storage;

/// <summary>
/// The storage account checked once, before a host starts its work: each service (blob, table, queue)
/// answers an authenticated read, then the containers, tables and queues are made. What fails is said in
/// one line that names the setting to correct and the address that failed, so a wrong key or an address
/// nobody listens on stops the host at once rather than failing every loop every few seconds.
/// </summary>
public sealed class StorageCheck(MonitorStorage storage, IOptions<StorageOptions> options)
{
    /// <summary>How long the whole check may take; an address that does not answer fails it then.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Null when storage answers; else one line: the setting, the address, what went wrong.</summary>
    public async Task<string?> ProblemAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Limit);
        var probes = new (string Service, Uri Address, Func<CancellationToken, Task> Probe)[]
        {
            ("Blob", storage.Blobs.Uri, async token => await storage.Incoming.ExistsAsync(token).ConfigureAwait(false)),
            ("Table", storage.Tables.Uri, async token =>
            {
                await foreach (var _ in storage.Tables.QueryAsync(t => t.Name == StorageNames.FeedStateTable, maxPerPage: 1, cancellationToken: token).ConfigureAwait(false))
                {
                    break;
                }
            }),
            ("Queue", storage.Queues.Uri, async token => await storage.FeedPolls.ExistsAsync(token).ConfigureAwait(false)),
            ("Blob", storage.Blobs.Uri, storage.EnsureCreatedAsync),
        };
        var reached = new HashSet<(string Host, int Port)>();
        foreach (var (service, address, probe) in probes)
        {
            try
            {
                // A connection first (once per host and port): the SDK retries a refused one for
                // longer than a person waits.
                if (reached.Add((address.Host, address.Port)) && await UnreachableAsync(address, deadline.Token).ConfigureAwait(false) is { } unreachable)
                {
                    return $"{SettingOf(service)}: {unreachable}";
                }

                await probe(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                return $"{SettingOf(service)}: {What(e, address, deadline.IsCancellationRequested)}";
            }
        }

        return null;
    }

    /// <summary>Null when something accepts a TCP connection at the service's host and port; else what went wrong.</summary>
    private static async Task<string?> UnreachableAsync(Uri address, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address.Host, address.Port, ct).ConfigureAwait(false);
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.ConnectionRefused
                ? $"nothing listens at {address} (connection refused)"
                : $"{address} could not be reached ({FailureText.Of(e.SocketErrorCode)})";
        }
    }

    /// <summary>The setting that says where the service is and how to sign in to it.</summary>
    private string SettingOf(string service) =>
        options.Value.UsesManagedIdentity ? $"{StorageOptions.Section}:{service}ServiceUri" : $"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}";

    private string What(Exception e, Uri address, bool timedOut)
    {
        if (timedOut)
        {
            return $"no answer from {address} within {Limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        }

        return Answer(e) switch
        {
            { Status: 403 } refusal => $"the storage at {address} refused {Credentials()} ({refusal.Status} {refusal.ErrorCode})",
            { Status: > 0 } answer => $"the storage at {address} answered {FailureText.Of(answer)}",
            _ => FailureText.Of(e) switch
            {
                "connection refused" => $"nothing listens at {address} (connection refused)",
                var reason => $"{address} could not be reached ({reason})",
            },
        };
    }

    /// <summary>The storage service's own answer inside what the SDK threw (after its retries), if one came.</summary>
    private static RequestFailedException? Answer(Exception e) => e switch
    {
        RequestFailedException { Status: > 0 } answered => answered,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Answer).LastOrDefault(a => a is not null),
        _ => null,
    };

    private string Credentials()
    {
        if (options.Value.UsesManagedIdentity)
        {
            return "the managed identity";
        }

        var text = options.Value.ConnectionString ?? "";
        return text.Contains("SharedAccessSignature=", StringComparison.OrdinalIgnoreCase) ? "the shared access signature" : "the account key";
    }
}
