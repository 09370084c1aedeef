using Monitor.Core.Feeds;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class ItemIdentityTests
{
    private static readonly DateTimeOffset Published = new(2026, 2, 9, 10, 0, 0, TimeSpan.FromHours(3));

    [TestMethod]
    public void Guid_is_the_id_when_present_trimmed()
    {
        Assert.AreEqual("shafaq-117", ItemIdentity.For("  shafaq-117 \n", "https://shafaq.example/a", "Title", Published));
    }

    [TestMethod]
    public void Canonical_link_is_the_id_without_a_guid()
    {
        Assert.AreEqual("https://shafaq.example/a", ItemIdentity.For("   ", "https://Shafaq.example/a/?utm_source=rss", "Title", Published));
    }

    [TestMethod]
    [DataRow("HTTPS://Example.COM:443/News/Story/?utm_source=x&b=2&a=1#top", "https://example.com/News/Story?a=1&b=2")]
    [DataRow("http://example.com:80/", "http://example.com/")]
    [DataRow("https://example.com", "https://example.com/")]
    [DataRow("http://example.com:8080/a/", "http://example.com:8080/a")]
    [DataRow("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=5&ocid=6&igshid=7&_ga=8&UTM_Medium=9&utm_campaign=10", "https://example.com/a")]
    [DataRow("https://example.com/a?id=5&&page=", "https://example.com/a?id=5&page=")]
    [DataRow("https://example.com/a?z=1&id=5", "https://example.com/a?id=5&z=1")]
    [DataRow("https://example.com/Path/With/Case", "https://example.com/Path/With/Case")]
    [DataRow("  https://example.com/a#section  ", "https://example.com/a")]
    public void Links_are_canonicalised(string link, string expected)
    {
        Assert.AreEqual(expected, ItemIdentity.CanonicalLink(link));
    }

    [TestMethod]
    [DataRow("/en/story/", "https://site.example/en/story")]
    [DataRow("story/1", "https://site.example/en/story/1")]
    [DataRow("//cdn.site.example/x", "https://cdn.site.example/x")]
    public void Relative_links_resolve_against_the_feed(string link, string expected)
    {
        Assert.AreEqual(expected, ItemIdentity.CanonicalLink(link, new Uri("https://site.example/en/rss")));
    }

    [TestMethod]
    [DataRow("mailto:desk@site.example")]
    [DataRow("javascript:void(0)")]
    [DataRow("")]
    [DataRow(null)]
    public void Links_that_are_not_web_addresses_have_no_canonical_form(string? link)
    {
        Assert.IsNull(ItemIdentity.CanonicalLink(link, new Uri("https://site.example/rss")));
    }

    [TestMethod]
    public void Tracking_parameters_do_not_change_the_id()
    {
        var plain = ItemIdentity.For(null, "https://site.example/n/1?id=7", null, null);
        var tracked = ItemIdentity.For(null, "https://site.example/n/1/?utm_source=twitter&id=7&fbclid=x#comments", null, null);

        Assert.AreEqual(plain, tracked);
    }

    [TestMethod]
    public void Without_guid_or_link_the_id_hashes_normalised_title_and_time()
    {
        var id = ItemIdentity.For(null, null, "Iraq receives  150 detainees", Published);
        var sameText = ItemIdentity.For(null, " ", "  IRAQ receives 150\ndetainees ", Published.ToUniversalTime());
        var otherTime = ItemIdentity.For(null, null, "Iraq receives 150 detainees", Published.AddMinutes(1));
        var otherTitle = ItemIdentity.For(null, null, "Iraq receives 151 detainees", Published);

        Assert.MatchesRegex("^sha256:[0-9a-f]{64}$", id);
        Assert.AreEqual(id, sameText);
        Assert.AreNotEqual(id, otherTime);
        Assert.AreNotEqual(id, otherTitle);
    }

    [TestMethod]
    public void Hash_uses_the_fallback_text_when_there_is_no_title()
    {
        var a = ItemIdentity.For(null, null, null, null, fallbackText: "Families return from al-Hol");
        var b = ItemIdentity.For(null, null, null, null, fallbackText: "Repatriations from Roj resume");

        Assert.AreNotEqual(a, b);
    }

    [TestMethod]
    public void Non_web_link_falls_back_to_the_hash()
    {
        Assert.StartsWith("sha256:", ItemIdentity.For(null, "mailto:desk@site.example", "Title", Published));
    }
}
