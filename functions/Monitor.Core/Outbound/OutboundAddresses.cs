using System.Net;
using System.Net.Sockets;

namespace Monitor.Core.Outbound;

/// <summary>
/// What an outbound policy allows beyond public addresses: the one switch set each concern that
/// reaches out (webhooks, feeds and their pages) configures in its own section.
/// </summary>
public interface IOutboundAddressPolicy
{
    /// <summary>Whether this machine (127.0.0.0/8, ::1) may be reached: local development and tests only.</summary>
    bool AllowLoopback { get; }

    /// <summary>Whether private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10) may be reached.</summary>
    bool AllowPrivateNetworks { get; }
}

/// <summary>
/// Which destinations the product may connect to, for everything it fetches or posts (webhooks,
/// feeds, their redirects, article pages): a guard against server-side request forgery, so that a
/// subscriber or a feed cannot make the service reach into its own network, the cloud's metadata
/// endpoints or this machine. <see cref="OutboundConnections"/> applies the address check when it
/// connects, to the very address it connects to, so a DNS answer cannot change between the check
/// and the connection.
/// </summary>
public static class OutboundAddresses
{
    /// <summary>Refused even when private networks are allowed: they hand out the machine's credentials.</summary>
    private static readonly IPAddress[] MetadataAddresses =
    [
        IPAddress.Parse("169.254.169.254"), // AWS, Azure IMDS, Google, Oracle, DigitalOcean, ...
        IPAddress.Parse("168.63.129.16"), // Azure platform (WireServer): public-looking, reachable only from Azure
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud
        IPAddress.Parse("fd00:ec2::254"), // AWS IMDS over IPv6
    ];

    /// <summary>
    /// Null when a URL is acceptable in form: absolute, http or https, a host, no user name or
    /// password. Otherwise a short reason. Both schemes are accepted; production subscribers should use https
    /// (the signature proves who sent a digest, but only TLS keeps it private and its signature unseen).
    /// The host's addresses are checked when connecting (<see cref="WhyRefused(IPAddress, IOutboundAddressPolicy)"/>).
    /// </summary>
    public static string? WhyRefused(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return "not an absolute URL";
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            return "only http and https are allowed";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "user info in the URL";
        }

        return string.IsNullOrEmpty(url.Host) ? "no host" : null;
    }

    /// <summary>Null when the product may connect to <paramref name="address"/>; otherwise a short reason.</summary>
    public static string? WhyRefused(IPAddress address, IOutboundAddressPolicy options)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (Array.Exists(MetadataAddresses, m => m.Equals(WithoutScope(address))))
        {
            return "cloud metadata";
        }

        var bytes = address.GetAddressBytes();
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => WhyRefusedV4(bytes, options),
            AddressFamily.InterNetworkV6 => WhyRefusedV6(bytes, options),
            _ => "not an IP address",
        };
    }

    private static string? WhyRefusedV4(byte[] b, IOutboundAddressPolicy options)
    {
        var (a, second, c) = (b[0], b[1], b[2]);
        if (a == 0)
        {
            return b.All(x => x == 0) ? "unspecified" : "this network 0.0.0.0/8";
        }

        if (a == 127)
        {
            return options.AllowLoopback ? null : "loopback";
        }

        if (a == 169 && second == 254)
        {
            return "link-local";
        }

        if (a == 10 || (a == 172 && second is >= 16 and <= 31) || (a == 192 && second == 168))
        {
            return options.AllowPrivateNetworks ? null : "private network";
        }

        if (a == 100 && second is >= 64 and <= 127)
        {
            return options.AllowPrivateNetworks ? null : "carrier-grade NAT 100.64/10";
        }

        if (a == 192 && second == 0 && c == 0)
        {
            return "IETF protocol assignments 192.0.0/24";
        }

        if ((a == 192 && second == 0 && c == 2) || (a == 198 && second == 51 && c == 100) || (a == 203 && second == 0 && c == 113))
        {
            return "documentation range";
        }

        if (a == 198 && second is 18 or 19)
        {
            return "benchmark range 198.18/15";
        }

        if (a == 192 && second == 88 && c == 99)
        {
            return "6to4 relay anycast 192.88.99/24";
        }

        if (a is >= 224 and < 240)
        {
            return "multicast";
        }

        if (b.All(x => x == 255))
        {
            return "broadcast";
        }

        return a >= 240 ? "reserved 240/4" : null;
    }

    private static string? WhyRefusedV6(byte[] b, IOutboundAddressPolicy options)
    {
        if (b.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0)
        {
            return b[15] switch
            {
                0 => "unspecified",
                1 => options.AllowLoopback ? null : "loopback",
                _ => "IPv4-compatible ::/96",
            };
        }

        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            return "IPv4-compatible ::/96";
        }

        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address that is what is really reached.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return WhyRefused(new IPAddress(b.AsSpan(12, 4)), options);
        }

        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4] == 0x00 && b[5] == 0x01)
        {
            return options.AllowPrivateNetworks ? null : "local-use NAT64 64:ff9b:1::/48";
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return WhyRefused(new IPAddress(b.AsSpan(2, 4)), options);
        }

        if (b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0)
        {
            return "discard-only 100::/64";
        }

        if (b[0] == 0xff)
        {
            return "multicast";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        {
            return "link-local";
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        {
            return options.AllowPrivateNetworks ? null : "site-local fec0::/10";
        }

        if ((b[0] & 0xfe) == 0xfc)
        {
            return options.AllowPrivateNetworks ? null : "unique local fc00::/7";
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
        {
            return "documentation range";
        }

        if (b[0] == 0x3f && b[1] == 0xff && (b[2] & 0xf0) == 0x00)
        {
            return "documentation range";
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00)
        {
            return "Teredo 2001::/32";
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x02 && b[4] == 0x00 && b[5] == 0x00)
        {
            return "benchmark range 2001:2::/48";
        }

        return (b[0] & 0xe0) == 0x20 ? null : "not global unicast 2000::/3";
    }

    private static IPAddress WithoutScope(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;
}
