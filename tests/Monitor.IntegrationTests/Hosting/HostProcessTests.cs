using System.Text.Json;
using Monitor.Local.Azurite;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Hosting;

/// <summary>The real executable, as a user starts it.</summary>
[TestClass]
public sealed class HostProcessTests
{
    [TestMethod]
    public async Task Outside_Development_the_host_refuses_to_start_without_a_token_key_and_says_so_in_one_line()
    {
        await using var azurite = await TestAzurite.StartAsync();

        var (exitCode, output) = await HostProcess.RunToExitAsync(
            new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" },
            TimeSpan.FromSeconds(60),
            $"--Storage:ConnectionString={azurite.ConnectionString}");

        Assert.AreEqual(1, exitCode, output);
        var refusals = output.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.Contains("Delivery:TokenKey", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, refusals, output);
        StringAssert.StartsWith(refusals[0], "monitor run: Delivery:TokenKey must be set to a key of this deployment's own outside Development (environment: Production)");
        Assert.DoesNotContain("   at ", output, "no stack trace");
    }

    [TestMethod]
    public async Task Demo_run_answers_a_digest_with_the_first_150_detainees_in_Arabic_and_English_and_none_of_the_unrelated_stories()
    {
        // A development connection string on free ports where nothing listens: the host starts Azurite itself.
        var connection = DevelopmentStorage.ConnectionString(HostProcess.FreePort(), HostProcess.FreePort(), HostProcess.FreePort());
        await using var host = await HostProcess.StartAsync("--demo", $"--Storage:ConnectionString={connection}");
        StringAssert.Contains(host.Output, "Azurite started");

        JsonElement digest = default;
        string raw = "";
        await Eventually.TrueAsync(async () =>
        {
            raw = await host.Client.GetStringAsync("/api/digest?topic=detainee-transfers&since=3650d");
            digest = JsonDocument.Parse(raw).RootElement;
            return digest.GetProperty("developments").EnumerateArray().Any(d => d.GetProperty("languages").GetArrayLength() == 2 && d.GetProperty("articles").GetArrayLength() >= 3);
        }, TimeSpan.FromSeconds(60), "a development in both languages, of seeds 000, 001 and 002, within a minute");

        var first = digest.GetProperty("developments").EnumerateArray().Single(d => d.GetProperty("languages").GetArrayLength() == 2);
        var languages = first.GetProperty("languages").EnumerateArray().Select(l => l.GetString()).ToList();
        CollectionAssert.AreEquivalent(new[] { "ar", "en" }, languages);
        var titles = string.Join("\n", first.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
        StringAssert.Contains(titles, "150");
        Assert.IsTrue(first.GetProperty("articles").GetArrayLength() >= 3, "seeds 000, 001 and 002: " + titles);

        foreach (var unrelated in new[] { "حزب الله", "حماس", "مبيعات عسكرية", "المالكي", "باريس", "Hezbollah", "Hamas" })
        {
            Assert.IsFalse(raw.Contains(unrelated, StringComparison.Ordinal), $"'{unrelated}' appears in the digest:{Environment.NewLine}{raw}");
        }
    }

    [TestMethod]
    public async Task Killing_the_host_between_poll_and_processing_loses_and_duplicates_no_article()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        const int Items = 60;
        server.MapFeed("/wire.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(Items, "wire")));
        var sourcesFile = Path.Combine(Path.GetTempPath(), $"monitor-sources-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(sourcesFile, $$"""
            { "sources": [ { "id": "wire", "name": "Wire", "url": "{{server.UrlOf("wire.xml")}}", "language": "en", "outlet": "Wire", "pollIntervalMinutes": 60 } ] }
            """);
        await using var pipeline = TestPipeline.Create(azurite, []);
        string[] arguments =
        [
            $"--Storage:ConnectionString={azurite.ConnectionString}",
            $"--Feeds:SourcesPath={sourcesFile}",
            "--Feeds:AllowLoopback=true",
            "--LocalHost:ProcessingConcurrency=1",
            "--LocalHost:IncomingScanInterval=00:00:00.200",
        ];

        try
        {
            await using (var first = await HostProcess.StartAsync(arguments))
            {
                // Kill it as soon as the poll has written items and before processing has caught up.
                await Eventually.TrueAsync(async () => await pipeline.CountAsync(pipeline.Storage.Incoming) > 0, TimeSpan.FromSeconds(30));
                await first.KillAsync();
            }

            var articlesAfterKill = await pipeline.CountAsync(pipeline.Storage.Articles);
            Assert.IsTrue(articlesAfterKill < Items, $"the host was killed before it processed everything ({articlesAfterKill} of {Items})");

            await using var second = await HostProcess.StartAsync(arguments);
            var store = pipeline.Get<Monitor.Core.Developments.DevelopmentStore>();
            await Eventually.TrueAsync(
                async () => await pipeline.CountAsync(pipeline.Storage.Articles) == Items && !await store.AnyStagedAsync("detainee-transfers", CancellationToken.None),
                TimeSpan.FromSeconds(60),
                "every item processed and grouped after the restart (a second after the last receipt was too short on a loaded machine)");

            Assert.AreEqual(Items, await pipeline.CountAsync(pipeline.Storage.Incoming), "each item written once");
            Assert.AreEqual(Items, await pipeline.CountAsync(pipeline.Storage.Articles), "no article lost or duplicated");
            Assert.AreEqual(Items, await pipeline.CountAsync(pipeline.Storage.ArticleBlobs));
            Assert.AreEqual(Items, await pipeline.CountAsync(pipeline.Storage.TopicArticles));
            Assert.AreEqual(Items, await pipeline.CountAsync(pipeline.Storage.Articles));
            var developments = await pipeline.Get<Monitor.Core.Developments.DevelopmentStore>()
                .ReadAsync("detainee-transfers", DateTimeOffset.UtcNow.AddYears(-10), DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);
            var members = developments.SelectMany(d => d.Articles).Select(a => a.Id).ToList();
            Assert.HasCount(Items, members, "each article in exactly one development");
            Assert.HasCount(Items, members.Distinct().ToList());
        }
        finally
        {
            File.Delete(sourcesFile);
        }
    }

    [TestMethod]
    public async Task Killing_one_of_two_hosts_in_the_middle_of_a_burst_loses_and_duplicates_nothing()
    {
        await using var azurite = await TestAzurite.StartAsync();
        const int Items = 80;
        await using var pipeline = TestPipeline.Create(azurite, []);
        await pipeline.Storage.EnsureCreatedAsync(CancellationToken.None);
        for (var i = 0; i < Items; i++)
        {
            var published = new DateTimeOffset(2026, 1, 23, 8, 0, 0, TimeSpan.Zero).AddHours(i * 7);
            var item = new Monitor.Core.Articles.IncomingItem
            {
                Source = "wire",
                Id = $"https://wire.example/{i}",
                Title = $"US moves {100 + i} ISIS detainees from Hasakah to Iraq",
                Link = $"https://wire.example/{i}",
                Published = published,
                SummaryHtml = $"<p>The US military moved {100 + i} Islamic State detainees from a prison in Hasakah, Syria, to Iraq, CENTCOM said.</p>",
                FetchedAt = DateTimeOffset.UtcNow,
                FeedLanguage = "en",
            };
            await pipeline.Storage.Incoming.GetBlobClient(item.BlobName).UploadAsync(BinaryData.FromObjectAsJson(item, Monitor.Core.MonitorJson.Options));
        }

        string[] Arguments(int shard) =>
        [
            $"--Storage:ConnectionString={azurite.ConnectionString}",
            "--LocalHost:PollEnabled=false",
            "--LocalHost:DeliveryEnabled=false",
            "--LocalHost:ProcessingConcurrency=1",
            "--LocalHost:IncomingScanInterval=00:00:00.200",
            $"--LocalHost:IncomingShard={shard}/2",
        ];

        await using var survivor = await HostProcess.StartAsync(Arguments(1));
        await using (var victim = await HostProcess.StartAsync(Arguments(0)))
        {
            await Eventually.TrueAsync(async () => await pipeline.CountAsync(pipeline.Storage.Articles) > 5, TimeSpan.FromSeconds(60));
            await victim.KillAsync();
        }

        Assert.IsTrue(await pipeline.CountAsync(pipeline.Storage.Articles) < Items, "the host was killed before the burst was done");
        await using var restarted = await HostProcess.StartAsync(Arguments(0));
        var store = pipeline.Get<Monitor.Core.Developments.DevelopmentStore>();
        await Eventually.TrueAsync(
            async () => await pipeline.CountAsync(pipeline.Storage.Articles) == Items && !await store.AnyStagedAsync("detainee-transfers", CancellationToken.None),
            TimeSpan.FromSeconds(120),
            "every item processed and grouped after the restart");

        Assert.AreEqual(Items, await pipeline.CountAsync(pipeline.Storage.Articles), "no article lost or duplicated");
        Assert.AreEqual(Items, await pipeline.CountAsync(pipeline.Storage.TopicArticles));
        Assert.AreEqual(0, await pipeline.CountAsync(pipeline.Storage.Quarantine));
        var developments = await store.ReadAsync("detainee-transfers", DateTimeOffset.UtcNow.AddYears(-10), DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);
        var members = developments.SelectMany(d => d.Articles).Select(a => a.Id).ToList();
        Assert.HasCount(Items, members, "each article in exactly one development");
        Assert.HasCount(Items, members.Distinct().ToList());
    }
}
