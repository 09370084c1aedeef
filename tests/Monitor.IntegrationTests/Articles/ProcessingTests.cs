using Azure.Storage.Blobs.Models;
using Monitor.Core;
using Monitor.Core.Articles;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Articles;

[TestClass]
public sealed class ProcessingTests
{
    private static IncomingItem Item(int n) => new()
    {
        Source = "wire",
        Id = $"https://wire.example/{n}",
        Title = $"ISIS detainees transferred from Hasakah to Iraq, batch {n}",
        Link = $"https://wire.example/{n}",
        Published = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero).AddHours(n),
        SummaryHtml = $"<p>The coalition transferred {200 + n} ISIS detainees from prisons in Hasakah, Syria, to Iraqi custody.</p>",
        FetchedAt = new DateTimeOffset(2026, 2, 2, 0, 0, 0, TimeSpan.Zero),
        FeedLanguage = "en",
        Outlet = "Wire",
    };

    private static async Task WriteIncomingAsync(TestPipeline pipeline, IncomingItem item) =>
        await pipeline.Storage.Incoming.GetBlobClient(item.BlobName).UploadAsync(BinaryData.FromObjectAsJson(item, MonitorJson.Options), overwrite: true);

    [TestMethod]
    public async Task Processing_the_same_blob_twice_leaves_one_article()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        await pipeline.Storage.EnsureCreatedAsync(CancellationToken.None);
        var item = Item(1);
        await WriteIncomingAsync(pipeline, item);

        Assert.AreEqual(ProcessOutcome.Stored, await pipeline.Processor.ProcessAsync(item.BlobName, CancellationToken.None));
        Assert.AreEqual(ProcessOutcome.Stored, await pipeline.Processor.ProcessAsync(item.BlobName, CancellationToken.None));
        await pipeline.GroupAsync();

        Assert.AreEqual(1, await pipeline.CountAsync(pipeline.Storage.Articles));
        Assert.AreEqual(1, await pipeline.CountAsync(pipeline.Storage.ArticleBlobs));
        Assert.AreEqual(1, await pipeline.CountAsync(pipeline.Storage.TopicArticles));
        Assert.AreEqual(0, await pipeline.CountAsync(pipeline.Storage.NewArticles), "nothing left staged");
    }

    [TestMethod]
    public async Task A_blob_that_is_not_an_item_is_quarantined_with_its_error_and_the_others_are_processed()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        await pipeline.Storage.EnsureCreatedAsync(CancellationToken.None);
        await WriteIncomingAsync(pipeline, Item(1));
        await pipeline.Storage.Incoming.GetBlobClient("wire/broken.json").UploadAsync(BinaryData.FromString("{ not json"));
        await WriteIncomingAsync(pipeline, Item(2));

        await pipeline.NewWatcher().ScanOnceAsync(CancellationToken.None);

        Assert.AreEqual(2, await pipeline.CountAsync(pipeline.Storage.Articles));
        var quarantined = pipeline.Storage.Quarantine.GetBlobClient("wire/broken.json");
        BlobProperties properties = await quarantined.GetPropertiesAsync();
        StringAssert.Contains(properties.Metadata["error"], "not valid JSON");
        Assert.IsFalse((await pipeline.Storage.Incoming.GetBlobClient("wire/broken.json").ExistsAsync()).Value, "moved, not copied");
    }

    [TestMethod]
    public async Task A_blob_that_keeps_failing_is_quarantined_after_the_allowed_attempts()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, [], new Dictionary<string, string?> { ["Processing:MaxAttempts"] = "3" });
        await pipeline.Storage.EnsureCreatedAsync(CancellationToken.None);
        var item = Item(7);
        await WriteIncomingAsync(pipeline, item);

        // The article blob's name is taken by a lease, so every store attempt fails as a real outage would.
        var articleBlob = pipeline.Storage.ArticleBlobs.GetBlobClient(Article.BlobNameFor(item.Source, item.ArticleKey));
        await articleBlob.UploadAsync(BinaryData.FromString("{}"));
        await Azure.Storage.Blobs.Specialized.SpecializedBlobExtensions.GetBlobLeaseClient(articleBlob).AcquireAsync(TimeSpan.FromSeconds(-1));

        await Assert.ThrowsExactlyAsync<Azure.RequestFailedException>(() => pipeline.Processor.ProcessAsync(item.BlobName, CancellationToken.None));
        await Assert.ThrowsExactlyAsync<Azure.RequestFailedException>(() => pipeline.Processor.ProcessAsync(item.BlobName, CancellationToken.None));
        Assert.AreEqual(ProcessOutcome.Quarantined, await pipeline.Processor.ProcessAsync(item.BlobName, CancellationToken.None));

        BlobProperties properties = await pipeline.Storage.Quarantine.GetBlobClient(item.BlobName).GetPropertiesAsync();
        Assert.AreEqual("3", properties.Metadata["failures"]);
        Assert.AreEqual(ProcessOutcome.Missing, await pipeline.Processor.ProcessAsync(item.BlobName, CancellationToken.None));
    }

    [TestMethod]
    public async Task A_restarted_host_processes_every_blob_written_while_it_was_down_exactly_once()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        await pipeline.Storage.EnsureCreatedAsync(CancellationToken.None);
        for (var n = 1; n <= 6; n++)
        {
            await WriteIncomingAsync(pipeline, Item(n));
        }

        Assert.AreEqual(6, await pipeline.NewWatcher().ScanOnceAsync(CancellationToken.None));

        // The host goes down; the poll writes more; a new host starts with only the stored receipts.
        for (var n = 7; n <= 10; n++)
        {
            await WriteIncomingAsync(pipeline, Item(n));
        }

        var restarted = pipeline.NewWatcher();
        await restarted.StartAsync(CancellationToken.None);
        try
        {
            // A blob's receipt is its article's row, written last, once the article is stored and staged.
            await Eventually.TrueAsync(async () => await pipeline.CountAsync(pipeline.Storage.Articles) == 10, TimeSpan.FromSeconds(30));
        }
        finally
        {
            await restarted.StopAsync(CancellationToken.None);
        }

        await foreach (var blob in pipeline.Storage.Incoming.GetBlobsAsync())
        {
            var key = Path.GetFileNameWithoutExtension(blob.Name);
            var row = await pipeline.Storage.Articles.GetEntityAsync<ArticleEntity>(blob.Name[..blob.Name.IndexOf('/', StringComparison.Ordinal)], key);
            Assert.AreEqual(ArticleEntity.ETagText(blob.Properties.ETag!.Value), row.Value.IncomingETag, $"the row of {blob.Name} names the blob it was read from");
        }

        Assert.AreEqual(0, await pipeline.NewWatcher().ScanOnceAsync(CancellationToken.None), "a third host finds nothing left to do");
    }

    [TestMethod]
    public async Task An_item_with_a_dateline_for_title_and_no_date_is_headed_by_its_news_and_dated_by_its_text()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        await pipeline.Storage.EnsureCreatedAsync(CancellationToken.None);
        var item = new IncomingItem
        {
            Source = "shafaq",
            Id = "https://shafaq.example/coalition-90",
            Title = "شفق نيوز- واشنطن",
            Link = "https://shafaq.example/coalition-90",
            SummaryHtml = "<p>مصطفى هاشم</p><p>رحّب التحالف الدولي لهزيمة داعش، يوم الاثنين 9 شباط/فبراير 2026، بانضمام سوريا عضواً في التحالف، ودعا إلى نقل محتجزي التنظيم من سجون الحسكة إلى العهدة العراقية بسرعة وأمان.</p>"
                + "<p>وقال البيان المشترك إن نقل المحتجزين خطوة أساسية للأمن الإقليمي، مع إعادة العائلات من مخيمي الهول وروج.</p>",
            FetchedAt = new DateTimeOffset(2026, 2, 10, 6, 0, 0, TimeSpan.Zero),
            FeedLanguage = "ar",
            Outlet = "شفق نيوز",
        };
        await WriteIncomingAsync(pipeline, item);

        Assert.AreEqual(ProcessOutcome.Stored, await pipeline.Processor.ProcessAsync(item.BlobName, CancellationToken.None));
        await pipeline.GroupAsync();

        var stored = (await pipeline.Storage.ArticleBlobs.GetBlobClient(Article.BlobNameFor(item.Source, item.ArticleKey)).DownloadContentAsync()).Value.Content.ToObjectFromJson<Article>(MonitorJson.Options)!;
        Assert.IsNull(stored.Title, "a dateline is no title");
        Assert.StartsWith("شفق نيوز- واشنطن\n", stored.Text);
        Assert.AreEqual(new DateTimeOffset(2026, 2, 9, 12, 0, 0, TimeSpan.Zero), stored.Published);
        Assert.IsTrue(stored.PublishedFromText);
        Assert.IsFalse(stored.PublishedEstimated);

        var development = (await pipeline.Get<Monitor.Core.Developments.DevelopmentStore>().ReadAsync("detainee-transfers", stored.Published.AddDays(-1), stored.Published.AddDays(1), CancellationToken.None)).Single();
        Assert.StartsWith("رحّب التحالف الدولي لهزيمة داعش", development.Headline);
        Assert.AreEqual(Monitor.Core.Developments.DateSources.Text, development.Articles.Single().DateSource);
    }
}
