using System.Text;
using Microsoft.AspNetCore.Http;
using Monitor.Core.Feeds;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.CommandLine;

/// <summary><c>monitor sources find URL</c>, the real executable, against a site on loopback.</summary>
[TestClass]
public sealed class SourcesFindTests
{
    private const string Atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>الأخبار</title><id>urn:outlet:ar</id><updated>2026-01-24T09:00:00Z</updated>
          <entry><title>العراق يتسلم دفعة جديدة من معتقلي داعش من سجون الحسكة</title><id>urn:outlet:ar:1</id>
            <link href="/ar/1"/><updated>2026-01-24T09:00:00Z</updated>
            <summary>أعلنت وزارة العدل العراقية تسلم معتقلين من عناصر تنظيم داعش نقلوا من سوريا إلى بغداد.</summary></entry>
        </feed>
        """;

    [TestMethod]
    public async Task The_RSS_and_Atom_feeds_a_page_advertises_are_checked_and_each_working_one_printed_as_a_sources_entry()
    {
        await using var server = await FeedServer.StartAsync();
        MapPage(server, "/news/", """
            <link rel="stylesheet" href="/site.css">
            <link rel="alternate" type="application/rss+xml" title="All news" href="/feeds/all.xml">
            <link rel="alternate" type="application/atom+xml" href="atom.xml">
            <link rel="alternate" type="application/rss+xml" href="/feeds/gone.xml">
            """);
        server.MapFeed("/feeds/all.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(2, "all")));
        server.MapFeed("/news/atom.xml", Encoding.UTF8.GetBytes(Atom), "application/atom+xml");

        var run = await FindAsync(server.UrlOf("news/"));

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        SourcesCheckTests.AssertRow(run, server.UrlOf("feeds/all.xml").AbsoluteUri, "ok", "200", "2", "en", "2026-02-01 10:00 UTC", "Test outlet");
        SourcesCheckTests.AssertRow(run, server.UrlOf("news/atom.xml").AbsoluteUri, "ok", "200", "1", "ar", "2026-01-24 09:00 UTC", "الأخبار");
        SourcesCheckTests.AssertRow(run, server.UrlOf("feeds/gone.xml").AbsoluteUri, "failing", "404", "", "", "", "http_error: HTTP 404");
        var entries = Entries(run);
        CollectionAssert.AreEqual(
            new[] { server.UrlOf("feeds/all.xml"), server.UrlOf("news/atom.xml") },
            entries.Select(e => e.Url).ToArray());
        CollectionAssert.AreEqual(new[] { "en", "ar" }, entries.Select(e => e.Language).ToArray());
        CollectionAssert.AreEqual(new[] { "Test outlet", "الأخبار" }, entries.Select(e => e.Name).ToArray());
        Assert.IsTrue(entries.All(e => e.Outlet == "Example outlet"), "the page's title names the outlet: " + run);
        Assert.AreEqual(0, server.RequestsTo("feed") + server.RequestsTo("rss") + server.RequestsTo("rss.xml"), "the common addresses are not tried when the page advertises feeds");
    }

    [TestMethod]
    public async Task The_common_addresses_are_tried_when_a_page_advertises_no_feed()
    {
        await using var server = await FeedServer.StartAsync();
        MapPage(server, "/", "");
        server.MapFeed("/rss.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(4, "rss")));

        var run = await FindAsync(server.UrlOf("/"));

        Assert.AreEqual(0, run.ExitCode, run.ToString());
        SourcesCheckTests.AssertRow(run, server.UrlOf("feed").AbsoluteUri, "failing", "404", "", "", "", "http_error");
        SourcesCheckTests.AssertRow(run, server.UrlOf("rss").AbsoluteUri, "failing", "404", "", "", "", "http_error");
        SourcesCheckTests.AssertRow(run, server.UrlOf("rss.xml").AbsoluteUri, "ok", "200", "4", "en", "2026-02-01 12:00 UTC", "Test outlet");
        Assert.AreEqual(server.UrlOf("rss.xml"), Entries(run).Single().Url);
    }

    [TestMethod]
    public async Task A_site_with_no_feed_at_all_exits_1()
    {
        await using var server = await FeedServer.StartAsync();
        MapPage(server, "/", "");

        var run = await FindAsync(server.UrlOf("/"));

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        StringAssert.Contains(run.Output, $"No feed found at {server.UrlOf("/")}.");
        Assert.IsEmpty(Entries(run));
    }

    [TestMethod]
    public async Task A_site_the_address_policy_refuses_is_one_line_and_nothing_is_sent_there()
    {
        await using var server = await FeedServer.StartAsync();
        MapPage(server, "/", "");

        var run = await MonitorCommand.RunAsync("sources", "find", server.UrlOf("/").AbsoluteUri);

        Assert.AreEqual(1, run.ExitCode, run.ToString());
        Assert.HasCount(1, run.ErrorLines, run.ToString());
        StringAssert.StartsWith(run.ErrorLines[0], $"monitor sources find: {server.UrlOf("/")} could not be read: Not fetched: 127.0.0.1 is or resolves to a loopback address");
        StringAssert.Contains(run.ErrorLines[0], "Feeds:AllowLoopback");
        Assert.IsEmpty(server.Requests);
    }

    private static void MapPage(FeedServer server, string path, string head) =>
        server.Map(path, async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync($"<!doctype html><html><head><title>Example outlet</title>{head}</head><body><p>News</p></body></html>");
        });

    private static Task<CommandRun> FindAsync(Uri page) =>
        MonitorCommand.RunAsync(["sources", "find", page.AbsoluteUri, "--Feeds:AllowLoopback=true", "--Feeds:Timeout=00:00:05"], new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

    /// <summary>The entries the command printed, read as the host reads its sources file (so they can be pasted as they are).</summary>
    private static IReadOnlyList<FeedSource> Entries(CommandRun run)
    {
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith('{')).ToList();
        return lines.Count == 0 ? [] : SourceCatalog.Parse($$"""{ "sources": [ {{string.Join(Environment.NewLine, lines)}} ] }""", "the printed entries");
    }
}
