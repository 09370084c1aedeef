using System.Collections.Concurrent;
using System.Net;
using Monitor.Core.Outbound;

namespace Monitor.Core.Tests.Outbound;

/// <summary>Resolves the names it is given to fixed addresses and remembers what it was asked.</summary>
internal sealed class MapResolver(params (string Host, IPAddress[] Addresses)[] names) : OutboundResolver
{
    public ConcurrentQueue<string> Asked { get; } = new();

    public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        Asked.Enqueue(host);
        foreach (var (name, addresses) in names)
        {
            if (string.Equals(name, host, StringComparison.OrdinalIgnoreCase))
            {
                return Task.FromResult(addresses);
            }
        }

        return base.ResolveAsync(host, ct);
    }
}
