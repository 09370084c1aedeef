using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace Monitor.Core.Outbound;

/// <summary>
/// Connections under an <see cref="IOutboundAddressPolicy"/>: the host is resolved here, every address
/// is checked by <see cref="OutboundAddresses"/>, and the socket goes to an address that was checked, so
/// a DNS answer cannot change in between. HTTP handlers that reach outside (webhooks, feeds, pages) set
/// <see cref="ConnectAsync"/> as their connect callback, so every hop of a redirect is checked too.
/// </summary>
public static class OutboundConnections
{
    /// <summary>
    /// Resolves <paramref name="endPoint"/>'s host (an address written in the URL is taken as it is), drops
    /// every address <see cref="OutboundAddresses.WhyRefused(IPAddress, IOutboundAddressPolicy)"/> refuses, and
    /// connects to the first one left that answers. Throws <see cref="DestinationRefusedException"/>
    /// when none is left.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(OutboundResolver resolver, IOutboundAddressPolicy options, DnsEndPoint endPoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endPoint);
        var (allowed, refused) = await ScreenAsync(resolver, options, endPoint.Host, ct).ConfigureAwait(false);
        if (allowed.Count == 0)
        {
            throw new DestinationRefusedException(endPoint.Host, string.Join(", ", refused.Select(r => r.Reason).Distinct(StringComparer.Ordinal)));
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
    /// The addresses a host stands for (the address itself when the URL writes one, else what
    /// the resolver answers), split into those the policy lets the product reach and those it does not, with the
    /// reason. Throws <see cref="SocketException"/> (host not found) when there is none.
    /// </summary>
    public static async Task<(IReadOnlyList<IPAddress> Allowed, IReadOnlyList<(IPAddress Address, string Reason)> Refused)> ScreenAsync(
        OutboundResolver resolver, IOutboundAddressPolicy options, string host, CancellationToken ct)
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
            if (OutboundAddresses.WhyRefused(address, options) is { } why)
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

    /// <summary>The refusal behind a failed request (the handler wraps what the connect callback throws), or null.</summary>
    public static DestinationRefusedException? RefusalIn(Exception e)
    {
        for (var inner = (Exception?)e; inner is not null; inner = inner.InnerException)
        {
            if (inner is DestinationRefusedException refusal)
            {
                return refusal;
            }
        }

        return null;
    }
}

/// <summary>Resolves the host names the product connects to; a singleton, replaceable so tests can map names to addresses.</summary>
public class OutboundResolver
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>Every address of a host is one the policy does not let the product reach (loopback, a private network, ...).</summary>
public sealed class DestinationRefusedException : Exception
{
    public DestinationRefusedException()
        : this("The destination is not allowed.")
    {
    }

    public DestinationRefusedException(string message)
        : base(message)
    {
        Reason = message;
    }

    public DestinationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public DestinationRefusedException(string host, string reason, Exception? innerException = null)
        : base($"The destination {host} is not allowed: {reason}.", innerException)
    {
        Host = host;
        Reason = reason;
    }

    /// <summary>The host that was refused, when known.</summary>
    public string? Host { get; }

    /// <summary>Why, shortly: "loopback", "private network", "cloud metadata", ...</summary>
    public string Reason { get; }
}

