using Monitor.Core.Feeds;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class FeedDiscoveryTests
{
    private static readonly Uri Page = new("https://www.example.com/news/index.html");

    [TestMethod]
    public void The_RSS_and_Atom_links_a_page_advertises_are_found_with_relative_addresses_resolved()
    {
        const string Html = """
            <!doctype html><html><head><title> Example News </title>
            <link rel="stylesheet" href="/site.css">
            <link rel="alternate" type="application/rss+xml" title="All news" href="/feeds/all.xml">
            <link rel="alternate" type="application/atom+xml; charset=utf-8" href="atom.xml">
            <link rel="alternate" type="text/html" hreflang="ar" href="/ar/">
            <link rel="alternate" type="application/rss+xml" href="https://www.example.com/feeds/all.xml">
            </head><body><a href="/feed">not a link element</a></body></html>
            """;

        var page = FeedDiscovery.Read(Html, Page);

        Assert.AreEqual("Example News", page.Title);
        CollectionAssert.AreEqual(
            new[] { "https://www.example.com/feeds/all.xml", "https://www.example.com/news/atom.xml" },
            page.Feeds.Select(f => f.Url.AbsoluteUri).ToArray());
        CollectionAssert.AreEqual(new[] { "application/rss+xml", "application/atom+xml" }, page.Feeds.Select(f => f.MediaType).ToArray());
        Assert.AreEqual("All news", page.Feeds[0].Title);
        Assert.IsNull(page.Feeds[1].Title);
    }

    [TestMethod]
    public void A_base_element_is_what_relative_feed_addresses_resolve_against()
    {
        const string Html = """<html><head><base href="https://cdn.example.com/site/"><link rel="Alternate" type="Application/RSS+XML" href="rss.xml"></head></html>""";

        var page = FeedDiscovery.Read(Html, Page);

        Assert.AreEqual("https://cdn.example.com/site/rss.xml", page.Feeds.Single().Url.AbsoluteUri);
    }

    [TestMethod]
    public void Links_to_other_schemes_are_left_out()
    {
        const string Html = """<html><head><link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"><link rel="alternate" type="application/rss+xml" href="feed://example.com/rss"></head></html>""";

        Assert.IsEmpty(FeedDiscovery.Read(Html, Page).Feeds);
    }

    [TestMethod]
    public void The_common_addresses_are_at_the_root_of_the_page_s_site()
    {
        CollectionAssert.AreEqual(
            new[] { "https://www.example.com/feed", "https://www.example.com/rss", "https://www.example.com/rss.xml" },
            FeedDiscovery.CommonAddresses(Page).Select(u => u.AbsoluteUri).ToArray());
    }
}
