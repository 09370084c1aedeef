using Azure.Data.Tables;
using Monitor.Core.Articles;
using Monitor.Core.Developments;
using Monitor.Core.Storage;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Developments;

/// <summary>The stored developments on a real Azurite: built one article at a time, merged, repeated, raced.</summary>
[TestClass]
public sealed class DevelopmentStoreTests
{
    private const string Topic = "detainee-transfers";
    private static readonly DateTimeOffset Day = new(2026, 1, 23, 8, 0, 0, TimeSpan.Zero);

    private static DevelopmentArticle Article(string id, DateTimeOffset published, string language, string title, params long[] amounts) =>
        new(id, title, "https://example.test/" + id, "src-" + language, "Outlet " + id, language, published, 0.9)
        {
            Type = "transfer",
            Figures = [.. amounts.Select(v => new StatedFigure(v, "exact", "detainees", v + " detainees") { Lead = true })],
            Places = ["hasakah"],
            Actors = ["centcom"],
            Summary = title,
            Signature = TextSignature.Of(title + " " + id),
        };

    private static async Task<List<TableEntity>> DevelopmentRowsAsync(TestPipeline pipeline)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in pipeline.Storage.Developments.QueryAsync<TableEntity>(e => e.PartitionKey == Topic))
        {
            rows.Add(row);
        }

        return rows;
    }

    [TestMethod]
    public async Task Reports_of_one_transfer_in_two_languages_make_one_stored_development_and_another_story_its_own()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        var store = pipeline.Get<DevelopmentStore>();

        var first = await store.AddAsync(Topic, Article("ar1", Day, "ar", "نقل 150 محتجزاً من الحسكة إلى العراق", 150), CancellationToken.None);
        var second = await store.AddAsync(Topic, Article("en1", Day.AddHours(3), "en", "US moves 150 ISIS detainees to Iraq", 150), CancellationToken.None);
        var other = await store.AddAsync(Topic, Article("en2", Day.AddHours(5), "en", "France repatriates women from Roj camp", 35), CancellationToken.None);

        Assert.AreEqual(first, second);
        Assert.AreNotEqual(first, other);
        var developments = await store.ReadAsync(Topic, Day.AddDays(-1), Day.AddDays(1), CancellationToken.None);
        Assert.HasCount(2, developments);
        var transfer = developments.Single(d => d.Id == first);
        CollectionAssert.AreEqual(new[] { "ar", "en" }, transfer.Languages.ToArray());
        CollectionAssert.AreEquivalent(new[] { "ar1", "en1" }, transfer.Articles.Select(a => a.Id).ToArray());
        Assert.AreEqual(150, transfer.Figures[0].Value);
        Assert.HasCount(2, transfer.Figures[0].Sources);
    }

    [TestMethod]
    public async Task Adding_the_same_article_again_changes_nothing()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        var store = pipeline.Get<DevelopmentStore>();
        var article = Article("ar1", Day, "ar", "نقل 150 محتجزاً من الحسكة إلى العراق", 150);

        var id = await store.AddAsync(Topic, article, CancellationToken.None);
        var before = (await store.ReadAsync(Topic, Day.AddDays(-1), Day.AddDays(1), CancellationToken.None)).Single();
        var again = await store.AddAsync(Topic, article, CancellationToken.None);
        var after = (await store.ReadAsync(Topic, Day.AddDays(-1), Day.AddDays(1), CancellationToken.None)).Single();

        Assert.AreEqual(id, again);
        Assert.HasCount(1, after.Articles);
        Assert.AreEqual(System.Text.Json.JsonSerializer.Serialize(before), System.Text.Json.JsonSerializer.Serialize(after));
        Assert.AreEqual(1, await pipeline.CountAsync(pipeline.Storage.TopicArticles));
    }

    [TestMethod]
    public async Task An_article_that_ties_two_developments_merges_them_into_the_one_that_began_first()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        var store = pipeline.Get<DevelopmentStore>();

        // c tells of the ceiling two days later; b is a rewrite of c's wire story that also states a's 150.
        const string Wire = "Up to 7,000 Islamic State detainees held in Hasakah may follow to Iraq in the coming weeks, officials said, as the operation run by CENTCOM goes on.";
        var ceiling = new StatedFigure(7000, "up_to", "detainees", "up to 7,000 detainees");
        var late = await store.AddAsync(Topic, Article("c", Day.AddHours(40), "en", "Up to 7,000 detainees may follow") with { Figures = [ceiling], Signature = TextSignature.Of(Wire) }, CancellationToken.None);
        var early = await store.AddAsync(Topic, Article("a", Day, "ar", "نقل 150 محتجزاً", 150), CancellationToken.None);
        Assert.AreNotEqual(early, late);

        var bridge = await store.AddAsync(Topic, Article("b", Day.AddHours(20), "en", "150 moved, 7,000 to follow", 150) with { Figures = [new StatedFigure(150, "exact", "detainees", "150 detainees") { Lead = true }, ceiling], Signature = TextSignature.Of(Wire + " The first 150 were moved on Friday.") }, CancellationToken.None);

        Assert.AreEqual(early, bridge);
        var rows = await DevelopmentRowsAsync(pipeline);
        var active = rows.Where(r => r.GetBoolean("Active") == true).ToList();
        Assert.HasCount(1, active);
        Assert.AreEqual(early, active[0].RowKey);
        Assert.AreEqual(early, rows.Single(r => r.RowKey == late).GetString("MergedInto"));
        var merged = (await store.ReadAsync(Topic, Day.AddDays(-1), Day.AddDays(1), CancellationToken.None)).Single();
        CollectionAssert.AreEquivalent(new[] { "a", "b", "c" }, merged.Articles.Select(a => a.Id).ToArray());
        await foreach (var row in pipeline.Storage.TopicArticles.QueryAsync<TopicArticleEntity>(e => e.PartitionKey == Topic))
        {
            // Each article's row names the development, or one merged into it (which leads there).
            Assert.IsTrue(row.DevelopmentId == early || rows.Single(r => r.RowKey == row.DevelopmentId).GetString("MergedInto") == early, row.ArticleKey);
        }

        // A later report that ties only to the merged one finds the survivor.
        var later = await store.AddAsync(Topic, Article("d", Day.AddHours(44), "en", "Another outlet on the 7,000") with { Figures = [ceiling], Signature = TextSignature.Of(Wire + " Another outlet.") }, CancellationToken.None);
        Assert.AreEqual(early, later);
    }

    [TestMethod]
    public async Task Articles_added_at_the_same_time_by_several_workers_all_land_in_one_development()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        var store = pipeline.Get<DevelopmentStore>();
        var articles = Enumerable.Range(0, 16)
            .Select(i => Article("w" + i, Day.AddMinutes(i * 7), i % 2 == 0 ? "ar" : "en", "Report " + i + " of the 2,250 received", 2250))
            .ToList();

        var ids = await Task.WhenAll(articles.Select(a => Task.Run(() => store.AddAsync(Topic, a, CancellationToken.None))));

        // Whatever the order they came in, one development holds them all, with the id of the
        // earliest; an id handed out before an earlier article arrived is recorded as absorbed.
        var development = (await store.ReadAsync(Topic, Day.AddDays(-1), Day.AddDays(1), CancellationToken.None)).Single();
        Assert.HasCount(16, development.Articles);
        Assert.AreEqual(TableKeys.Hash("w0"), development.Id);
        foreach (var id in ids.Distinct().Where(id => id != development.Id))
        {
            CollectionAssert.Contains(development.Absorbed.ToArray(), id);
        }

        var rows = await DevelopmentRowsAsync(pipeline);
        Assert.HasCount(1, rows.Where(r => r.GetBoolean("Active") == true).ToList());
        Assert.IsTrue(rows.Where(r => r.GetBoolean("Active") == false).All(r => r.GetString("MergedInto") is { } into && (into == development.Id || development.Absorbed.Contains(into))));
    }

    /// <summary>
    /// Three events of one story, told in two languages over two days, one report undated (stored at
    /// the time it was fetched, which the store searches around, three days on).
    /// </summary>
    private static List<DevelopmentArticle> Story() =>
    [
        Article("b1-ar", Day, "ar", "نقل 150 محتجزاً من الحسكة إلى العراق", 150),
        Article("b1-en", Day.AddHours(2), "en", "US moves 150 ISIS detainees from Hasakah to Iraq", 150),
        Article("b1-en2", Day.AddHours(5), "en", "150 Islamic State detainees moved to Iraq", 150),
        Article("b2-ar", Day.AddHours(26), "ar", "دفعة ثانية من 212 محتجزاً تصل العراق", 212),
        Article("b2-en", Day.AddHours(27), "en", "Second batch of 212 ISIS detainees reaches Iraq", 212),
        Article("b2-copy", Day.AddDays(3), "en", "Second batch of 212 ISIS detainees reaches Iraq", 212) with { PublishedEstimated = true },
        Article("r-en", Day.AddHours(30), "en", "France repatriates 35 women and children from Roj camp", 35) with { Type = "repatriation", Places = ["roj", "france"], LeadPlaces = ["france"], Actors = [] },
        Article("r-ar", Day.AddHours(31), "ar", "فرنسا تستعيد 35 امرأة وطفلاً من مخيم روج", 35) with { Type = "repatriation", Places = ["roj", "france"], LeadPlaces = ["france"], Actors = [] },
    ];

    /// <summary>Each development's id, its articles and its figures.</summary>
    private static string Fingerprint(IEnumerable<Development> developments) =>
        string.Join(" | ", developments.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d =>
            d.Id + ": " + string.Join(",", d.Articles.Select(a => a.Id).Order(StringComparer.Ordinal))
            + " [" + string.Join(",", d.Figures.Select(f => $"{f.Value} {f.What} {f.Qualifier}").Order(StringComparer.Ordinal)) + "]"));

    [TestMethod]
    public async Task The_same_articles_stored_in_any_order_or_batching_give_the_offline_developments()
    {
        var story = Story();
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        await using var otherHost = TestPipeline.Create(azurite, []);
        var store = pipeline.Get<DevelopmentStore>();
        var expected = Fingerprint(new DevelopmentGrouper(pipeline.Get<Monitor.Core.Classification.TopicCatalog>().Find(Topic)!.Grouping).Developments(story));
        Assert.AreEqual(3, expected.Split(" | ").Length, expected);
        var random = new Random(12);
        for (var round = 0; round < 24; round++)
        {
            await ClearAsync(pipeline);
            var order = story.OrderBy(_ => random.Next()).ToList();
            var batches = new List<List<DevelopmentArticle>>();
            string how;
            switch (round % 4)
            {
                case 0:
                    how = "one batch";
                    batches.Add(order);
                    break;
                case 1:
                    how = "random batches";
                    for (var i = 0; i < order.Count;)
                    {
                        var size = random.Next(1, 4);
                        batches.Add(order.Skip(i).Take(size).ToList());
                        i += size;
                    }

                    break;
                case 2:
                    how = "one at a time";
                    batches.AddRange(order.Select(a => new List<DevelopmentArticle> { a }));
                    break;
                default:
                    how = "staged, then grouping turns on two hosts at once";
                    break;
            }

            if (round % 4 == 3)
            {
                // Processing stages each article; two hosts' turn workers fold them as they come.
                var staging = Task.WhenAll(order.Select((a, i) => Task.Run(async () =>
                {
                    await Task.Delay(i * 5);
                    await (i % 2 == 0 ? store : otherHost.Get<DevelopmentStore>()).StageAsync(Topic, a, CancellationToken.None);
                })));
                var turns = Task.WhenAll(pipeline.NewTopicTurnWorker().DrainAsync(CancellationToken.None), otherHost.NewTopicTurnWorker().DrainAsync(CancellationToken.None));
                await Task.WhenAll(staging, turns);
                await Eventually.TrueAsync(async () =>
                {
                    await Task.WhenAll(pipeline.NewTopicTurnWorker().DrainAsync(CancellationToken.None), otherHost.NewTopicTurnWorker().DrainAsync(CancellationToken.None));
                    return !await store.AnyStagedAsync(Topic, CancellationToken.None);
                }, TimeSpan.FromSeconds(30), "every staged article folded");
            }
            else
            {
                foreach (var batch in batches)
                {
                    await store.AddAsync(Topic, batch, CancellationToken.None);
                }
            }

            var stored = await store.ReadAsync(Topic, Day.AddDays(-30), Day.AddDays(30), CancellationToken.None);
            Assert.AreEqual(expected, Fingerprint(stored), $"round {round} ({how}): {string.Join(", ", order.Select(a => a.Id))}; expected {expected}; stored {Fingerprint(stored)}");
        }
    }

    [TestMethod]
    public async Task Staged_articles_months_apart_are_folded_in_one_pass_that_reads_only_the_weeks_around_each()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        var store = pipeline.Get<DevelopmentStore>();

        // Stored before: reports of another transfer two months on, between the two stretches staged now.
        var between = Enumerable.Range(0, 6)
            .Select(i => Article("m" + i, Day.AddDays(60).AddHours(i * 3), i % 2 == 0 ? "ar" : "en", "Report " + i + " of 400 detainees moved from Ghwayran", 400))
            .ToList();
        await store.AddAsync(Topic, between, CancellationToken.None);

        // A backfill stages the story and its retelling four months later, in one burst.
        var later = Story().Select(a => a with { Id = a.Id + "-later", Url = a.Url + "-later", Published = a.Published.AddDays(120), Signature = TextSignature.Of(a.Title + " later " + a.Id) }).ToList();
        var staged = Story().Concat(later).ToList();
        foreach (var article in staged.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            await store.StageAsync(Topic, article, CancellationToken.None);
        }

        pipeline.Requests.Reset();
        Assert.AreEqual(staged.Count, await store.GroupStagedAsync(Topic, CancellationToken.None));

        // One pass: the staged rows read once (and looked at once more after letting go), the
        // articles near each of the two stretches read, not the months between them.
        var requests = pipeline.Requests.Describe();
        Assert.AreEqual(2, pipeline.Requests.QueriesOf(StorageNames.NewArticlesTable), requests);
        Assert.AreEqual(2, pipeline.Requests.QueriesOf(StorageNames.TopicArticlesTable), requests);

        var everything = staged.Concat(between).ToList();
        var expected = Fingerprint(new DevelopmentGrouper(pipeline.Get<Monitor.Core.Classification.TopicCatalog>().Find(Topic)!.Grouping).Developments(everything));
        Assert.AreEqual(expected, Fingerprint(await store.ReadAsync(Topic, Day.AddDays(-30), Day.AddDays(150), CancellationToken.None)));
        Assert.IsFalse(await store.AnyStagedAsync(Topic, CancellationToken.None));
    }

    [TestMethod]
    public async Task A_pass_reads_again_only_the_developments_another_host_wrote_since_its_last()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        await using var otherHost = TestPipeline.Create(azurite, []);
        var store = pipeline.Get<DevelopmentStore>();
        var story = Story();

        // The first reports of each event, then follow-ups joining them, folded by this host alone.
        await store.AddAsync(Topic, [story[0], story[3], story[6]], CancellationToken.None);
        pipeline.Requests.Reset();
        await store.AddAsync(Topic, [story[1], story[4]], CancellationToken.None);
        var gets = GetsOf(pipeline, StorageNames.DevelopmentsTable);
        Assert.AreEqual(1, gets, "only the version counter is read: the developments are the ones this host wrote; " + pipeline.Requests.Describe());

        // Another host folds a report into one of them: this host's next pass reads what it joins from storage.
        await otherHost.Get<DevelopmentStore>().AddAsync(Topic, [story[2]], CancellationToken.None);
        pipeline.Requests.Reset();
        await store.AddAsync(Topic, [story[7]], CancellationToken.None);
        Assert.IsGreaterThan(1, GetsOf(pipeline, StorageNames.DevelopmentsTable), "the developments are read again after another host wrote; " + pipeline.Requests.Describe());

        var expected = Fingerprint(new DevelopmentGrouper(pipeline.Get<Monitor.Core.Classification.TopicCatalog>().Find(Topic)!.Grouping).Developments([story[0], story[1], story[2], story[3], story[4], story[6], story[7]]));
        Assert.AreEqual(expected, Fingerprint(await store.ReadAsync(Topic, Day.AddDays(-30), Day.AddDays(30), CancellationToken.None)));
    }

    private static long GetsOf(TestPipeline pipeline, string table) =>
        pipeline.Requests.Snapshot().Where(r => r.Key.Service == StorageService.Table && r.Key.Operation == "GET" && r.Key.Target == table).Sum(r => r.Value);

    [TestMethod]
    public async Task Grouping_goes_on_when_the_topics_lease_blob_is_gone_since_this_process_created_it()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        var store = pipeline.Get<DevelopmentStore>();
        var story = Story();
        await store.AddAsync(Topic, story[0], CancellationToken.None);

        // The storage was emptied meanwhile (or is a new emulator at the same address).
        await foreach (var blob in pipeline.Storage.Leases.GetBlobsAsync())
        {
            await pipeline.Storage.Leases.DeleteBlobAsync(blob.Name);
        }

        await store.AddAsync(Topic, story[1], CancellationToken.None);
        Assert.HasCount(2, (await store.ReadAsync(Topic, Day.AddDays(-1), Day.AddDays(1), CancellationToken.None)).Single().Articles);
    }

    private static async Task ClearAsync(TestPipeline pipeline)
    {
        await pipeline.Storage.EnsureCreatedAsync(CancellationToken.None);
        foreach (var table in new[] { pipeline.Storage.Developments, pipeline.Storage.TopicArticles, pipeline.Storage.NewArticles })
        {
            await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Topic, select: ["PartitionKey", "RowKey"]))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
        }
    }

    [TestMethod]
    public async Task Reading_a_window_returns_the_developments_updated_in_it()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        var store = pipeline.Get<DevelopmentStore>();
        await store.AddAsync(Topic, Article("old", Day, "en", "Old report", 150), CancellationToken.None);
        await store.AddAsync(Topic, Article("new", Day.AddDays(10), "en", "New report", 600), CancellationToken.None);

        var recent = await store.ReadAsync(Topic, Day.AddDays(9), Day.AddDays(11), CancellationToken.None);

        Assert.AreEqual("new", recent.Single().Articles.Single().Id);
    }
}
