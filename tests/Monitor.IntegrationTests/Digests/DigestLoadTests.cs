using System.Text.Json;
using Monitor.Core.Api;
using Monitor.Core.Developments;
using Monitor.Core.Storage;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Digests;

/// <summary>The digest under concurrent load: shared computations, answers given again, a bounded number at once.</summary>
[TestClass]
public sealed class DigestLoadTests
{
    private const string Topic = "detainee-transfers";

    private static DevelopmentArticle Article(string id, int hours, string title) =>
        new(id, title, "https://example.test/" + id, "src", "Outlet", "en", DateTimeOffset.UtcNow.AddDays(-6).AddHours(hours), 0.9)
        {
            Type = "transfer",
            Summary = title,
            Signature = TextSignature.Of(title),
        };

    private static ApiRequest Request(string query) =>
        new(ApiQuery.From(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)), new Uri("http://localhost/api/digest?" + query));

    private static async Task SeedAsync(TestPipeline pipeline, int count)
    {
        var store = pipeline.Get<DevelopmentStore>();
        string[] places = ["Hasakah", "Roj", "al-Hol", "Ghwayran", "Baghdad", "Erbil"];
        for (var i = 0; i < count; i++)
        {
            await store.AddAsync(Topic, Article($"d{i}", i * 10, $"{places[i % places.Length]} handover number {i} of prison {i * 7}"), CancellationToken.None);
        }
    }

    [TestMethod]
    public async Task Identical_concurrent_digest_requests_share_one_computation_and_one_storage_query()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        await SeedAsync(pipeline, 3);
        var api = pipeline.Get<MonitorApi>();
        pipeline.Requests.Reset();

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => api.DigestAsync(Request("topic=detainee-transfers&since=7d&format=md"), CancellationToken.None))));

        Assert.IsTrue(answers.All(a => a.StatusCode == 200), string.Join(", ", answers.Select(a => a.StatusCode)));
        Assert.HasCount(1, answers.Select(a => a.Body).Distinct(), "one answer for all");
        Assert.AreEqual(1, pipeline.Requests.QueriesOf(StorageNames.DevelopmentsTable), pipeline.Requests.Describe());
    }

    [TestMethod]
    public async Task A_rendered_digest_is_given_again_until_its_topic_changes()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        await SeedAsync(pipeline, 2);
        var api = pipeline.Get<MonitorApi>();
        var first = await api.DigestAsync(Request("topic=detainee-transfers&since=7d"), CancellationToken.None);
        pipeline.Requests.Reset();

        var again = await api.DigestAsync(Request("topic=detainee-transfers&since=7d"), CancellationToken.None);
        Assert.AreEqual(0, pipeline.Requests.QueriesOf(StorageNames.DevelopmentsTable), "given again: " + pipeline.Requests.Describe());
        Assert.AreEqual(first.Body, again.Body);
        Assert.AreEqual(first.Headers["ETag"], again.Headers["ETag"]);

        await pipeline.Get<DevelopmentStore>().AddAsync(Topic, Article("late", 40, "Kazakhstan repatriates 40 women from Roj camp"), CancellationToken.None);
        var changed = await api.DigestAsync(Request("topic=detainee-transfers&since=7d"), CancellationToken.None);

        Assert.AreNotEqual(first.Headers["ETag"], changed.Headers["ETag"]);
        StringAssert.Contains(changed.Body, "Kazakhstan repatriates 40 women");
    }

    [TestMethod]
    public async Task When_every_digest_turn_is_taken_a_request_gets_503_with_Retry_After_instead_of_waiting()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, [], new Dictionary<string, string?>
        {
            ["Digests:MaxConcurrent"] = "1",
            ["Digests:MaxWait"] = "00:00:00",
        });
        await SeedAsync(pipeline, 12);
        var api = pipeline.Get<MonitorApi>();
        string[] formats = ["json", "md", "html", "rss", "atom"];
        string[] languages = ["ar", "en"];
        var queries = formats.SelectMany(f => languages.Select(l => $"topic=detainee-transfers&since=7d&format={f}&lang={l}")).ToList();

        var answers = await Task.WhenAll(queries.Select(q => Task.Run(() => api.DigestAsync(Request(q), CancellationToken.None))));

        var busy = answers.Where(a => a.StatusCode == 503).ToList();
        Assert.IsNotEmpty(busy, "ten different digests at once with one turn and no wait: " + string.Join(", ", answers.Select(a => a.StatusCode)));
        Assert.IsTrue(answers.All(a => a.StatusCode is 200 or 503), string.Join(", ", answers.Select(a => a.StatusCode)));
        Assert.IsTrue(busy.All(a => a.Headers["Retry-After"] == MonitorApi.BusyRetryAfterSeconds));
        Assert.AreEqual("busy", JsonDocument.Parse(busy[0].Body).RootElement.GetProperty("errors")[0].GetString());
    }
}
