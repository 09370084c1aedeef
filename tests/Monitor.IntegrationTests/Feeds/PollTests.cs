using Monitor.Core.Articles;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Feeds;

[TestClass]
public sealed class PollTests
{
    [TestMethod]
    public async Task Poll_writes_each_new_item_once_and_processing_stores_one_article_each()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        server.MapFeed("/a.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(5, "a")));
        server.MapFeed("/b.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(3, "b")));
        await using var pipeline = TestPipeline.Create(azurite, [TestPipeline.Source("a", server.UrlOf("a.xml")), TestPipeline.Source("b", server.UrlOf("b.xml"))]);

        var report = await pipeline.Poller.PollAsync(pipeline.Get<SourceCatalog>().Enabled, CancellationToken.None);
        var processed = await pipeline.NewWatcher().ScanOnceAsync(CancellationToken.None);
        await pipeline.GroupAsync();

        Assert.AreEqual(8, report.Feeds.Sum(f => f.NewItems));
        Assert.AreEqual(8, await pipeline.CountAsync(pipeline.Storage.Incoming));
        Assert.AreEqual(8, processed);
        Assert.AreEqual(8, await pipeline.CountAsync(pipeline.Storage.Articles));
        Assert.AreEqual(8, await pipeline.CountAsync(pipeline.Storage.ArticleBlobs));
        Assert.AreEqual(8, await pipeline.CountAsync(pipeline.Storage.TopicArticles), "every sample item is about a detainee transfer");
    }

    [TestMethod]
    public async Task Second_poll_of_unchanged_feeds_gets_only_304s_and_writes_no_blob_and_no_article()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        var sources = new List<FeedSource>();
        for (var i = 0; i < 4; i++)
        {
            server.MapFeed($"/f{i}.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(3, $"f{i}")));
            sources.Add(TestPipeline.Source($"f{i}", server.UrlOf($"f{i}.xml")));
        }

        await using var pipeline = TestPipeline.Create(azurite, sources);
        await pipeline.Poller.PollAsync(sources, CancellationToken.None);
        await pipeline.NewWatcher().ScanOnceAsync(CancellationToken.None);
        Assert.AreEqual(12, await pipeline.CountAsync(pipeline.Storage.Articles));

        server.ResetLog();
        pipeline.Requests.Reset();
        var second = await pipeline.Poller.PollAsync(sources, CancellationToken.None);
        await pipeline.NewWatcher().ScanOnceAsync(CancellationToken.None);

        Assert.AreEqual(4, server.Requests.Count, "one request per feed");
        Assert.IsTrue(server.Requests.All(r => r.Status == 304), string.Join(", ", server.Requests));
        Assert.IsTrue(second.Feeds.All(f => f.Outcome == FeedPollOutcome.NotModified));
        Assert.AreEqual(0, pipeline.Requests.WritesTo(StorageNames.IncomingContainer), "no incoming blob");
        Assert.AreEqual(0, pipeline.Requests.WritesTo(StorageNames.SeenItemsTable), "no seen-item row");
        Assert.AreEqual(0, pipeline.Requests.WritesTo(StorageNames.ArticlesContainer), "no article blob");
        Assert.AreEqual(0, pipeline.Requests.WritesTo(StorageNames.ArticlesTable), "no article row");
        Assert.AreEqual(0, pipeline.Requests.WritesTo(StorageNames.TopicArticlesTable), "no digest row");
        Assert.AreEqual(4, pipeline.Requests.Writes, "only each feed's own status row: " + pipeline.Requests.Describe());
        Assert.AreEqual(12, await pipeline.CountAsync(pipeline.Storage.Articles));
    }

    [TestMethod]
    public async Task A_server_that_ignores_validators_but_sends_the_same_bytes_costs_no_item_writes()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        var body = SampleFeeds.Rss(SampleFeeds.TransferItems(3));
        server.Map("/plain.xml", async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.WriteAsync(body);
        });
        var source = TestPipeline.Source("plain", server.UrlOf("plain.xml"));
        await using var pipeline = TestPipeline.Create(azurite, [source]);
        await pipeline.Poller.PollAsync([source], CancellationToken.None);

        pipeline.Requests.Reset();
        var second = await pipeline.Poller.PollAsync([source], CancellationToken.None);

        Assert.AreEqual(0, second.Feeds.Single().NewItems);
        Assert.AreEqual(0, pipeline.Requests.WritesTo(StorageNames.IncomingContainer));
        Assert.AreEqual(0, pipeline.Requests.WritesTo(StorageNames.SeenItemsTable));
    }

    [TestMethod]
    public async Task A_loopback_feed_redirecting_to_the_metadata_address_fails_as_blocked_address_and_its_status_echoes_no_answer()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        server.Map("/moved.xml", context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "http://169.254.169.254/metadata/identity/oauth2/token?resource=https://storage.azure.com/";
            return Task.CompletedTask;
        });
        var source = TestPipeline.Source("moved", server.UrlOf("moved.xml"));
        await using var pipeline = TestPipeline.Create(azurite, [source]);

        var report = await pipeline.Poller.PollAsync([source], CancellationToken.None);
        var status = (await pipeline.Get<SourceStatusReader>().ReadAsync(CancellationToken.None)).Single();

        Assert.AreEqual(FeedFailureReason.BlockedAddress, report.Feeds.Single().FailureReason, report.Feeds.Single().Error);
        Assert.AreEqual(SourceStatus.Failing, status.Status);
        Assert.AreEqual("blocked_address", status.LastFailureReason);
        Assert.AreEqual(
            "Not fetched: 169.254.169.254 is or resolves to a cloud metadata address, which feeds may not reach (see Feeds:AllowLoopback and Feeds:AllowPrivateNetworks).",
            status.LastError);
        Assert.AreEqual(1, server.RequestsTo("moved.xml"));
        Assert.AreEqual(0, await pipeline.CountAsync(pipeline.Storage.Incoming));
    }

    [TestMethod]
    public async Task A_loopback_feed_redirecting_to_a_loopback_canary_reaches_neither_when_loopback_is_not_allowed()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var canary = await FeedServer.StartAsync();
        canary.MapFeed("/secrets.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(1, "canary")));
        await using var server = await FeedServer.StartAsync();
        server.Map("/moved.xml", context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = canary.UrlOf("secrets.xml").AbsoluteUri;
            return Task.CompletedTask;
        });
        var source = TestPipeline.Source("moved", server.UrlOf("moved.xml"));
        await using var pipeline = TestPipeline.Create(azurite, [source], new Dictionary<string, string?> { ["Feeds:AllowLoopback"] = "false" });

        await pipeline.Poller.PollAsync([source], CancellationToken.None);
        var status = (await pipeline.Get<SourceStatusReader>().ReadAsync(CancellationToken.None)).Single();

        Assert.AreEqual("blocked_address", status.LastFailureReason);
        StringAssert.Contains(status.LastError, "127.0.0.1 is or resolves to a loopback address");
        Assert.IsEmpty(server.Requests, "the feed's server received nothing");
        Assert.IsEmpty(canary.Requests, "the canary received nothing");
        Assert.AreEqual(0, await pipeline.CountAsync(pipeline.Storage.Incoming));
    }

    [TestMethod]
    public async Task A_feed_of_thousands_of_items_has_only_its_first_MaxItemsPerPoll_read_in_one_poll()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        server.MapFeed("/flood.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(2_000, "flood")));
        var source = TestPipeline.Source("flood", server.UrlOf("flood.xml"));
        await using var pipeline = TestPipeline.Create(azurite, [source], new Dictionary<string, string?> { ["Feeds:MaxItemsPerPoll"] = "20", ["Feeds:MaxBodyBytes"] = "4194304" });

        var report = await pipeline.Poller.PollAsync([source], CancellationToken.None);

        Assert.AreEqual(20, report.Feeds.Single().NewItems);
        Assert.AreEqual(20, await pipeline.CountAsync(pipeline.Storage.Incoming));
        Assert.AreEqual(20, await pipeline.CountAsync(pipeline.Storage.SeenItems));
    }

    [TestMethod]
    public async Task A_windows_1256_feed_is_stored_as_correct_Arabic()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        const string Title = "نقل 150 من محتجزي داعش من الحسكة إلى العراق";
        const string Body = "أعلنت القيادة المركزية الأميركية نقل 150 محتجزاً من سجون الحسكة في سوريا إلى مرافق احتجاز آمنة في العراق، مع توقع نقل ما يصل إلى 7 آلاف معتقل.";
        var feed = SampleFeeds.Rss([new SampleFeeds.Item(Title, Body, "https://shafaq.example/ar/1", new DateTimeOffset(2026, 1, 23, 10, 0, 0, TimeSpan.FromHours(3)))], "windows-1256");
        CollectionAssert.DoesNotContain(feed, (byte)0xD8, "the bytes are not UTF-8 (no Arabic UTF-8 lead byte 0xD8)");
        server.MapFeed("/ar.xml", feed, contentType: "application/xml");
        var source = TestPipeline.Source("ar", server.UrlOf("ar.xml"), language: "ar");
        await using var pipeline = TestPipeline.Create(azurite, [source]);

        await pipeline.Poller.PollAsync([source], CancellationToken.None);
        await pipeline.NewWatcher().ScanOnceAsync(CancellationToken.None);

        var row = await pipeline.Storage.Articles.QueryAsync<ArticleEntity>(e => e.PartitionKey == "ar").SingleAsync();
        Assert.AreEqual(Title, row.Title);
        Assert.AreEqual("ar", row.Language);
        var blob = await pipeline.Storage.ArticleBlobs.GetBlobClient(Article.BlobNameFor("ar", row.RowKey)).DownloadContentAsync();
        var article = blob.Value.Content.ToObjectFromJson<Article>(Monitor.Core.MonitorJson.Options)!;
        StringAssert.Contains(article.Text, "ما يصل إلى 7 آلاف معتقل");
    }

    [TestMethod]
    public async Task A_source_that_fetches_pages_stores_the_main_story_without_the_teasers_and_keeps_the_summary_when_a_page_fails()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance); // windows-1256, also when this test runs alone
        var html = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "pages", "asharq-003.html"))
            .Replace("<meta charset=\"utf-8\">", "<meta charset=\"windows-1256\">", StringComparison.Ordinal);
        var page = System.Text.Encoding.GetEncoding("windows-1256").GetBytes(html);
        server.Map("/article/kirkuk", async context =>
        {
            context.Response.ContentType = "text/html"; // no charset: the page's <meta> says it
            await context.Response.Body.WriteAsync(page);
        });
        server.Map("/article/gone", context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        var published = new DateTimeOffset(2026, 2, 8, 9, 0, 0, TimeSpan.Zero);
        server.MapFeed("/ar.xml", SampleFeeds.Rss(
        [
            new SampleFeeds.Item("العراق يستأنف تعاونه الثنائي مع واشنطن لملاحقة خلايا «داعش»", "أعلنت السلطات العراقية أن التحالف الدولي قد أوشك على إنهاء مهامه.", server.UrlOf("article/kirkuk").AbsoluteUri, published),
            new SampleFeeds.Item("العراق يتسلم دفعة جديدة من معتقلي داعش", "تسلم العراق 300 معتقل من سجون الحسكة.", server.UrlOf("article/gone").AbsoluteUri, published.AddHours(1)),
        ]));
        // Read from a sources file, as the hosts read it: the file's field is what turns page fetching on.
        var source = SourceCatalog.Parse(
            $$"""{ "sources": [ { "id": "aawsat", "name": "Asharq Al-Awsat", "url": "{{server.UrlOf("ar.xml")}}", "language": "ar", "fetchPages": true } ] }""",
            "test sources").Single();
        Assert.IsTrue(source.FetchPages, "fetchPages read from the sources file");
        await using var pipeline = TestPipeline.Create(azurite, [source]);

        var report = await pipeline.Poller.PollAsync([source], CancellationToken.None);
        await pipeline.NewWatcher().ScanOnceAsync(CancellationToken.None);

        Assert.AreEqual(2, report.Feeds.Single().NewItems, "a page that fails does not hold back its item");
        Assert.AreEqual(1, server.RequestsTo("article/kirkuk"));
        Assert.AreEqual(1, server.RequestsTo("article/gone"));
        var articles = new List<Article>();
        await foreach (var blob in pipeline.Storage.ArticleBlobs.GetBlobsAsync())
        {
            var content = await pipeline.Storage.ArticleBlobs.GetBlobClient(blob.Name).DownloadContentAsync();
            articles.Add(content.Value.Content.ToObjectFromJson<Article>(Monitor.Core.MonitorJson.Options)!);
        }

        var kirkuk = articles.Single(a => a.Url!.EndsWith("kirkuk", StringComparison.Ordinal));
        StringAssert.Contains(kirkuk.Text, "الحويجة", "the main story, decoded from windows-1256");
        foreach (var teaser in new[] { "حزب الله", "حماس", "مبيعات", "المالكي", "باريس", "2250" })
        {
            Assert.IsFalse(kirkuk.Text.Contains(teaser, StringComparison.Ordinal), $"no teaser or other story in the article: {teaser}");
        }

        Assert.IsFalse(kirkuk.Topics.Single().Relevant, "the main story is about security cooperation, not a transfer");
        var gone = articles.Single(a => a.Url!.EndsWith("gone", StringComparison.Ordinal));
        Assert.AreEqual("تسلم العراق 300 معتقل من سجون الحسكة.", gone.Text);
        Assert.IsTrue(gone.Topics.Single().Relevant);
    }
}
