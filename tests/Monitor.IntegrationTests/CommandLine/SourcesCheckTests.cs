using System.Text;
using Microsoft.AspNetCore.Http;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.CommandLine;

/// <summary><c>monitor sources check</c>, the real executable, against outlets on loopback.</summary>
[TestClass]
public sealed class SourcesCheckTests
{
    private const string ArabicTitle = "العراق يتسلم دفعة جديدة من معتقلي داعش المنقولين من سجون الحسكة";
    private const string ArabicBody = "أعلنت وزارة العدل العراقية تسلم 150 معتقلاً من عناصر تنظيم داعش نقلوا من سجون الحسكة في سوريا إلى بغداد.";

    [TestMethod]
    public async Task Each_source_shows_its_state_and_the_check_exits_1_when_an_enabled_one_fails()
    {
        await using var server = await OutletsAsync();
        var sources = await SourcesFileAsync(server, ("good", "good.xml", "en", true), ("missing", "missing.xml", "en", true), ("page", "page.html", "en", true), ("slow", "slow.xml", "en", true), ("arabic", "arabic.xml", "ar", true));
        try
        {
            var run = await CheckAsync(sources, "--Feeds:AllowLoopback=true");

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            AssertRow(run, "good", "ok", "200", "3", "en", "2026-02-01 11:00 UTC", "Test outlet");
            AssertRow(run, "missing", "failing", "404", "", "", "", "http_error: HTTP 404 Not Found");
            AssertRow(run, "page", "failing", "200", "", "", "", "not_a_feed: The address returned an HTML page, not a feed.");
            AssertRow(run, "slow", "failing", "—", "", "", "", "timeout: No complete answer within 2 s.");
            AssertRow(run, "arabic", "ok", "200", "2", "ar", "2026-01-23 07:00 UTC", "منفذ عربي");
            StringAssert.Contains(run.Output, "3 of 5 enabled source(s) fail: missing, page, slow");
            Assert.AreEqual("", run.Errors);
            Assert.IsLessThan(TimeSpan.FromSeconds(20), run.Elapsed, "the slow feed costs its timeout, once: " + run);
        }
        finally
        {
            File.Delete(sources);
        }
    }

    [TestMethod]
    public async Task The_check_of_working_sources_exits_0_whatever_a_disabled_one_does()
    {
        await using var server = await OutletsAsync();
        var sources = await SourcesFileAsync(server, ("good", "good.xml", "en", true), ("arabic", "arabic.xml", "ar", true), ("missing", "missing.xml", "en", false), ("slow", "slow.xml", "en", true));
        try
        {
            var run = await CheckAsync(sources, "--Feeds:AllowLoopback=true", "--source", "good,arabic,missing");

            Assert.AreEqual(0, run.ExitCode, run.ToString());
            AssertRow(run, "missing", "failing (disabled)", "404", "", "", "", "http_error: HTTP 404 Not Found");
            StringAssert.Contains(run.Output, "2 enabled source(s) answer with a feed.");
            Assert.IsFalse(run.Output.Contains("│ slow", StringComparison.Ordinal), "only the sources asked for: " + run);
            Assert.AreEqual(0, server.RequestsTo("slow.xml"));
        }
        finally
        {
            File.Delete(sources);
        }
    }

    [TestMethod]
    public async Task The_check_keeps_the_hosts_address_policy_and_reaches_no_loopback_feed_unless_allowed()
    {
        await using var server = await OutletsAsync();
        var sources = await SourcesFileAsync(server, ("good", "good.xml", "en", true));
        try
        {
            var run = await CheckAsync(sources);

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            AssertRow(run, "good", "failing", "—", "", "", "", "blocked_address: Not fetched: 127.0.0.1 is or resolves to a loopback address");
            Assert.AreEqual(0, server.RequestsTo("good.xml"), "nothing was sent there");
        }
        finally
        {
            File.Delete(sources);
        }
    }

    [TestMethod]
    public async Task An_unknown_source_id_is_one_line_naming_it()
    {
        await using var server = await OutletsAsync();
        var sources = await SourcesFileAsync(server, ("good", "good.xml", "en", true));
        try
        {
            var run = await CheckAsync(sources, "--source", "good,nope");

            Assert.AreEqual(1, run.ExitCode, run.ToString());
            Assert.HasCount(1, run.ErrorLines, run.ToString());
            Assert.AreEqual("monitor sources check: --source: no source nope in the sources file; it has good.", run.ErrorLines[0]);
        }
        finally
        {
            File.Delete(sources);
        }
    }

    /// <summary>The outlets: a good feed, a missing one, an HTML page, one too slow to answer, and an Arabic feed in windows-1256.</summary>
    internal static async Task<FeedServer> OutletsAsync()
    {
        var server = await FeedServer.StartAsync();
        server.MapFeed("/good.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(3, "good")));
        server.Map("/page.html", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync("<!doctype html><html><head><title>Outlet</title></head><body><p>News</p></body></html>");
        });
        server.Map("/slow.xml", async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(SampleFeeds.Rss(SampleFeeds.TransferItems(1, "slow")), context.RequestAborted);
        });

        // No charset in Content-Type: the XML declaration says windows-1256, as many Arabic outlets' feeds do.
        var published = new DateTimeOffset(2026, 1, 23, 10, 0, 0, TimeSpan.FromHours(3));
        server.MapFeed(
            "/arabic.xml",
            SampleFeeds.Rss([new(ArabicTitle, ArabicBody, "https://outlet.example/ar/1", published), new(ArabicTitle + " (2)", ArabicBody, "https://outlet.example/ar/2", published.AddHours(-2))], "windows-1256", "منفذ عربي"),
            "application/rss+xml");
        return server;
    }

    private static async Task<string> SourcesFileAsync(FeedServer server, params (string Id, string Path, string Language, bool Enabled)[] sources)
    {
        var path = Path.Combine(Path.GetTempPath(), $"monitor-sources-{Guid.NewGuid():N}.json");
        var entries = sources.Select(s => $$"""{ "id": "{{s.Id}}", "name": "{{s.Id}}", "url": "{{server.UrlOf(s.Path)}}", "language": "{{s.Language}}", "outlet": "Outlet", "enabled": {{(s.Enabled ? "true" : "false")}} }""");
        await File.WriteAllTextAsync(path, $$"""{ "sources": [ {{string.Join(", ", entries)}} ] }""", Encoding.UTF8);
        return path;
    }

    private static Task<CommandRun> CheckAsync(string sourcesFile, params string[] more) =>
        MonitorCommand.RunAsync(["sources", "check", $"--Feeds:SourcesPath={sourcesFile}", "--Feeds:Timeout=00:00:02", .. more], new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

    /// <summary>The table row of <paramref name="id"/>: status, HTTP, items, language, newest item and the start of the title or reason.</summary>
    internal static void AssertRow(CommandRun run, string id, string status, string http, string items, string language, string newest, string detail)
    {
        var row = run.Output.Split('\n').FirstOrDefault(l => l.StartsWith($"│ {id} ", StringComparison.Ordinal));
        Assert.IsNotNull(row, $"no row for {id}: {run}");
        var cells = row.Split('│').Select(c => c.Trim()).ToArray();
        Assert.AreEqual(status, cells[2], row);
        Assert.AreEqual(http, cells[3], row);
        StringAssert.EndsWith(cells[4], " s", row);
        Assert.AreEqual(items, cells[5], row);
        Assert.AreEqual(language, cells[6], row);
        Assert.AreEqual(newest, cells[7], row);
        StringAssert.StartsWith(cells[8], detail.Length <= cells[8].Length ? detail : detail[..cells[8].Length], row);
    }
}
