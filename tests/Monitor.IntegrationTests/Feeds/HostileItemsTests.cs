using System.Text;
using Azure.Storage.Blobs.Models;
using Monitor.Core;
using Monitor.Core.Articles;
using Monitor.Core.Feeds;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Feeds;

/// <summary>Items built to break the pipeline: each is stored, or quarantined at once with its reason, never lost.</summary>
[TestClass]
public sealed class HostileItemsTests
{
    private const string News = "The U.S. military said it transferred 150 ISIS detainees from a prison in Hasakah, Syria, to Iraqi custody.";

    /// <summary>One hostile item: its name, its raw RSS, and whether a reader could use it at all.</summary>
    private sealed record Hostile(string Name, string Xml, bool Usable = true);

    private static string Item(string name, string title, string? pubDate = "Mon, 02 Feb 2026 08:00:00 GMT", string? description = null, string? guid = null, string? link = null) =>
        $"<item><title>{title}</title><link>{link ?? "https://outlet.example/" + name}</link><guid>{guid ?? "urn:hostile:" + name}</guid>"
        + (pubDate is null ? "" : $"<pubDate>{pubDate}</pubDate>")
        + $"<description>{description ?? "&lt;p&gt;" + News + "&lt;/p&gt;"}</description></item>";

    private static IReadOnlyList<Hostile> Corpus()
    {
        const string Title = "Iraq receives ISIS detainees moved from Hasakah";
        var huge = new StringBuilder().Insert(0, "detainees Hasakah Iraq transfer ", 32_000).ToString(); // about 1 MB
        return
        [
            new("year-1", Item("year-1", Title, "Mon, 01 Jan 0001 00:00:00 GMT")),
            new("year-1970", Item("year-1970", Title, "Thu, 01 Jan 1970 00:00:00 GMT")),
            new("year-9999", Item("year-9999", Title, "Fri, 31 Dec 9999 23:59:59 GMT")),
            new("iso-year-1", Item("iso-year-1", Title, "0001-01-01T00:00:00Z")),
            new("not-a-date", Item("not-a-date", Title, "yesterday at noon")),
            new("bad-offset", Item("bad-offset", Title, "Mon, 02 Feb 2026 25:61:00 +9999")),
            new("megabyte-title", Item("megabyte-title", huge)),
            new("megabyte-summary", Item("megabyte-summary", Title, description: "&lt;p&gt;" + News + "&lt;/p&gt;" + huge)),
            new("control-reference", Item("control-reference", Title + " &#x7; &#0; &#xFFFE; &#55296;")),
            new("bidi-override", Item("bidi-override", "\u202Egnp.exe " + Title + " \u2066x\u2069")),
            new("cdata-tricks", Item("cdata-tricks", "<![CDATA[]]>]]&gt;<![CDATA[<![CDATA[]]>")),
            new("script-title", Item("script-title", "&lt;script&gt;alert(6)&lt;/script&gt;" + Title)),
            new("blank-title", Item("blank-title", "   ")),
            new("format-only-title", Item("format-only-title", "\u200F\u202E\u200B")),
            new("long-link", Item("long-link", Title, link: "https://outlet.example/" + new string('a', 20_000))),
            new("long-guid", Item("long-guid", Title, guid: new string('g', 20_000))),
            new("no-date", Item("no-date", Title, pubDate: null)),
            new("same-guid-1", Item("same-guid-1", "Kazakhstan repatriates women and children from al-Hol camp", guid: "urn:hostile:shared")),
            new("same-guid-2", Item("same-guid-2", "Iraq receives 150 detainees moved from Hasakah prisons", guid: "urn:hostile:shared")),
            new("empty", Item("empty", "", description: ""), Usable: false),
        ];
    }

    [TestMethod]
    public async Task No_valid_item_is_quarantined_for_its_content_and_every_relevant_one_reaches_its_topic()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        var corpus = Corpus();
        var rss = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>Hostile</title><link>https://outlet.example/</link>"
            + string.Concat(corpus.Select(h => h.Xml)) + "</channel></rss>";
        server.MapFeed("/hostile.xml", Encoding.UTF8.GetBytes(rss));
        var source = TestPipeline.Source("hostile", server.UrlOf("hostile.xml"));
        await using var pipeline = TestPipeline.Create(azurite, [source], new Dictionary<string, string?> { ["Feeds:MaxBodyBytes"] = "16777216" });

        var report = await pipeline.Poller.PollAsync([source], CancellationToken.None);
        await pipeline.NewWatcher().ScanOnceAsync(CancellationToken.None);
        await pipeline.GroupAsync();

        var poll = report.Feeds.Single();
        Assert.AreEqual(FeedPollOutcome.Updated, poll.Outcome, poll.Error);
        Assert.AreEqual(corpus.Count, poll.NewItems, "every item written once, the two that share a guid apart");
        var articles = new List<Article>();
        await foreach (var blob in pipeline.Storage.ArticleBlobs.GetBlobsAsync())
        {
            var content = await pipeline.Storage.ArticleBlobs.GetBlobClient(blob.Name).DownloadContentAsync();
            articles.Add(content.Value.Content.ToObjectFromJson<Article>(MonitorJson.Options)!);
        }

        var quarantined = new List<(string Name, string Error)>();
        await foreach (var blob in pipeline.Storage.Quarantine.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
        {
            quarantined.Add((blob.Name, blob.Metadata["error"]));
        }

        Assert.HasCount(corpus.Count(h => h.Usable), articles, "stored: " + string.Join(", ", articles.Select(a => a.Url?[..Math.Min(40, a.Url.Length)])));
        Assert.HasCount(1, quarantined, string.Join("; ", quarantined));
        StringAssert.Contains(quarantined[0].Error, "neither a title nor a summary");
        Assert.AreEqual(0, await pipeline.CountAsync(pipeline.Storage.ProcessingAttempts), "no item failed and waits for a retry");

        foreach (var article in articles)
        {
            var name = article.Url is { } url ? url[(url.LastIndexOf('/') + 1)..] : article.ItemId;
            Assert.IsTrue(article.Published >= new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero) && article.Published <= article.FetchedAt.AddDays(1), $"{name}: published {article.Published:O}");
            Assert.IsTrue(article.Title is null || article.Title.Length <= ItemFields.MaxTitleLength + 1, $"{name}: a title of {article.Title?.Length} characters");
            Assert.IsFalse(article.Title?.Any(c => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' || char.IsControl(c)) ?? false, $"{name}: {article.Title}");
            Assert.IsFalse(article.Title?.Contains("]]>", StringComparison.Ordinal) ?? false, $"{name}: {article.Title}");
            Assert.IsTrue(article.Topics.Single().Relevant, $"{name} is about a transfer: {article.Title}");
        }

        Assert.IsTrue(articles.Single(a => a.Url!.EndsWith("/year-1970", StringComparison.Ordinal)).PublishedEstimated, "a 1970 date is estimated");
        Assert.AreEqual(articles.Count, await pipeline.CountAsync(pipeline.Storage.TopicArticles), "every relevant article is in its topic's developments");
        Assert.AreEqual(0, await pipeline.CountAsync(pipeline.Storage.NewArticles), "nothing left staged");
    }
}
