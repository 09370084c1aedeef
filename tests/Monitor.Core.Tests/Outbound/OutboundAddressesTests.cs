using System.Net;
using Monitor.Core.Delivery;
using Monitor.Core.Outbound;

namespace Monitor.Core.Tests.Outbound;

[TestClass]
public sealed class OutboundAddressesTests
{
    private static readonly WebhookOptions Defaults = new();

    [TestMethod]
    [DataRow("127.0.0.1", "loopback")]
    [DataRow("127.5.5.5", "loopback")]
    [DataRow("::1", "loopback")]
    [DataRow("10.1.2.3", "private network")]
    [DataRow("172.16.0.1", "private network")]
    [DataRow("172.31.255.254", "private network")]
    [DataRow("192.168.1.1", "private network")]
    [DataRow("169.254.169.254", "cloud metadata")]
    [DataRow("fd00:ec2::254", "cloud metadata")]
    [DataRow("168.63.129.16", "cloud metadata")]
    [DataRow("169.254.1.1", "link-local")]
    [DataRow("fe80::1", "link-local")]
    [DataRow("fc00::1", "unique local fc00::/7")]
    [DataRow("fd12:3456::1", "unique local fc00::/7")]
    [DataRow("fec0::1", "site-local fec0::/10")]
    [DataRow("::ffff:10.0.0.1", "private network")]
    [DataRow("::ffff:127.0.0.1", "loopback")]
    [DataRow("::ffff:169.254.169.254", "cloud metadata")]
    [DataRow("0.0.0.0", "unspecified")]
    [DataRow("::", "unspecified")]
    [DataRow("0.1.2.3", "this network 0.0.0.0/8")]
    [DataRow("100.64.0.1", "carrier-grade NAT 100.64/10")]
    [DataRow("100.127.255.255", "carrier-grade NAT 100.64/10")]
    [DataRow("224.0.0.1", "multicast")]
    [DataRow("ff02::1", "multicast")]
    [DataRow("255.255.255.255", "broadcast")]
    [DataRow("240.0.0.1", "reserved 240/4")]
    [DataRow("192.0.2.10", "documentation range")]
    [DataRow("2001:db8::1", "documentation range")]
    [DataRow("198.18.0.1", "benchmark range 198.18/15")]
    [DataRow("64:ff9b::a00:1", "private network")]
    [DataRow("64:ff9b::7f00:1", "loopback")]
    [DataRow("2002:7f00:1::1", "loopback")]
    [DataRow("::10.0.0.1", "IPv4-compatible ::/96")]
    public void Special_addresses_are_refused_by_default_with_their_reason(string address, string reason)
    {
        Assert.AreEqual(reason, OutboundAddresses.WhyRefused(IPAddress.Parse(address), Defaults));
    }

    [TestMethod]
    [DataRow("93.184.216.34")]
    [DataRow("2606:2800:220:1::1")]
    [DataRow("8.8.8.8")]
    [DataRow("100.63.255.255")]
    [DataRow("100.128.0.1")]
    [DataRow("172.15.255.255")]
    [DataRow("172.32.0.1")]
    [DataRow("169.253.1.1")]
    [DataRow("::ffff:93.184.216.34")]
    [DataRow("64:ff9b::5db8:d822")]
    public void Public_addresses_are_allowed(string address)
    {
        Assert.IsNull(OutboundAddresses.WhyRefused(IPAddress.Parse(address), Defaults));
    }

    [TestMethod]
    [DataRow("127.0.0.1")]
    [DataRow("127.5.5.5")]
    [DataRow("::1")]
    [DataRow("::ffff:127.0.0.1")]
    public void Loopback_is_allowed_only_with_AllowLoopback(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.AreEqual("loopback", OutboundAddresses.WhyRefused(ip, new WebhookOptions { AllowPrivateNetworks = true }));
        Assert.IsNull(OutboundAddresses.WhyRefused(ip, new WebhookOptions { AllowLoopback = true }));
    }

    [TestMethod]
    [DataRow("10.1.2.3")]
    [DataRow("172.16.0.1")]
    [DataRow("192.168.1.1")]
    [DataRow("100.64.0.1")]
    [DataRow("fc00::1")]
    [DataRow("::ffff:10.0.0.1")]
    public void Private_networks_are_allowed_only_with_AllowPrivateNetworks(string address)
    {
        var ip = IPAddress.Parse(address);

        Assert.IsNotNull(OutboundAddresses.WhyRefused(ip, new WebhookOptions { AllowLoopback = true }));
        Assert.IsNull(OutboundAddresses.WhyRefused(ip, new WebhookOptions { AllowPrivateNetworks = true }));
    }

    [TestMethod]
    [DataRow("169.254.169.254", "cloud metadata")]
    [DataRow("::ffff:169.254.169.254", "cloud metadata")]
    [DataRow("fd00:ec2::254", "cloud metadata")]
    [DataRow("100.100.100.200", "cloud metadata")]
    [DataRow("169.254.1.1", "link-local")]
    [DataRow("fe80::1", "link-local")]
    [DataRow("0.0.0.0", "unspecified")]
    public void Metadata_link_local_and_unspecified_stay_refused_with_everything_allowed(string address, string reason)
    {
        var everything = new WebhookOptions { AllowLoopback = true, AllowPrivateNetworks = true };

        Assert.AreEqual(reason, OutboundAddresses.WhyRefused(IPAddress.Parse(address), everything));
    }

    [TestMethod]
    public void A_link_local_address_with_a_scope_is_still_link_local()
    {
        Assert.AreEqual("link-local", OutboundAddresses.WhyRefused(IPAddress.Parse("fe80::1%2"), Defaults));
    }

    [TestMethod]
    [DataRow("https://hooks.example.org/monitor")]
    [DataRow("http://hooks.example.org:8080/monitor?key=1")]
    [DataRow("http://127.0.0.1:5000/")]
    public void Absolute_http_and_https_urls_are_acceptable_in_form(string url)
    {
        Assert.IsNull(OutboundAddresses.WhyRefused(new Uri(url)));
    }

    [TestMethod]
    [DataRow("ftp://hooks.example.org/", "only http and https are allowed")]
    [DataRow("file:///etc/passwd", "only http and https are allowed")]
    [DataRow("https://user:secret@hooks.example.org/", "user info in the URL")]
    [DataRow("https://user@hooks.example.org/", "user info in the URL")]
    public void Other_schemes_and_user_info_are_refused(string url, string reason)
    {
        Assert.AreEqual(reason, OutboundAddresses.WhyRefused(new Uri(url)));
    }

    [TestMethod]
    public void A_relative_url_is_refused()
    {
        Assert.AreEqual("not an absolute URL", OutboundAddresses.WhyRefused(new Uri("/hooks", UriKind.Relative)));
    }
}
