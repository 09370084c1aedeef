using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Developments;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Digests;

/// <summary>GET /api/digest on the local host over a real Azurite: formats, filters, paging, caching.</summary>
[TestClass]
public sealed class DigestApiTests
{
    private const string Topic = "detainee-transfers";
    private static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddDays(-2).Date;

    private static readonly Dictionary<string, string?> NoPoll = new() { ["LocalHost:PollEnabled"] = "false" };

    private static DevelopmentArticle Article(string id, int hours, string language, string type, string title, long amount) =>
        new(id, title, "https://example.test/" + id, "src-" + language, "Outlet " + language, language, Day.AddHours(hours), 0.9)
        {
            Type = type,
            Figures = [new StatedFigure(amount, "exact", "detainees", amount + " detainees")],
            Places = ["hasakah"],
            Summary = title,
            Signature = TextSignature.Of(title),
        };

    /// <summary>Five developments, stored as the blob trigger would store them.</summary>
    private static async Task SeedAsync(InProcessHost host)
    {
        var store = host.Services.GetRequiredService<DevelopmentStore>();
        await store.AddAsync(Topic, Article("a", 0, "ar", "transfer", "نقل 150 محتجزاً من الحسكة", 150), CancellationToken.None);
        await store.AddAsync(Topic, Article("b", 1, "en", "transfer", "US moves 150 ISIS detainees", 150), CancellationToken.None);
        await store.AddAsync(Topic, Article("c", 10, "en", "repatriation", "France repatriates 35 women and children from Roj", 35), CancellationToken.None);
        await store.AddAsync(Topic, Article("d", 20, "ar", "facility_handover", "قسد تسلم سجن غويران وفيه 4300 محتجز", 4300), CancellationToken.None);
        await store.AddAsync(Topic, Article("e", 30, "en", "transfer", "Iraq receives 2,250 detainees", 2250), CancellationToken.None);
        await store.AddAsync(Topic, Article("f", 40, "en", "statement", "<script>alert(1)</script> 900 detainees", 900), CancellationToken.None);
    }

    private static async Task<JsonElement> JsonAsync(InProcessHost host, string query)
    {
        var response = await host.Client.GetAsync("/api/digest?topic=" + Topic + "&since=7d&" + query);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [TestMethod]
    public async Task The_digest_reads_the_stored_developments_with_their_figures_and_sources()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], NoPoll);
        await SeedAsync(host);

        var digest = await JsonAsync(host, "");

        Assert.AreEqual(2, digest.GetProperty("schemaVersion").GetInt32());
        var developments = digest.GetProperty("developments").EnumerateArray().ToList();
        Assert.HasCount(5, developments);
        var transfer = developments.Single(d => d.GetProperty("articles").GetArrayLength() == 2);
        CollectionAssert.AreEqual(new[] { "ar", "en" }, transfer.GetProperty("languages").EnumerateArray().Select(l => l.GetString()).ToArray());
        Assert.AreEqual(2, transfer.GetProperty("figures")[0].GetProperty("sources").GetArrayLength());
        Assert.IsTrue(digest.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("key").GetString() == "moved").GetProperty("points").GetArrayLength() >= 3);
    }

    [TestMethod]
    public async Task Filters_choose_developments_by_language_type_source_importance_and_words()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], NoPoll);
        await SeedAsync(host);

        static List<string> Ids(JsonElement digest) =>
            [.. digest.GetProperty("developments").EnumerateArray().SelectMany(d => d.GetProperty("articles").EnumerateArray()).Select(a => a.GetProperty("id").GetString()!).Order()];

        CollectionAssert.AreEqual(new[] { "a", "b", "d" }, Ids(await JsonAsync(host, "lang=ar")));
        CollectionAssert.AreEqual(new[] { "c" }, Ids(await JsonAsync(host, "type=repatriation")));
        CollectionAssert.AreEqual(new[] { "a", "b", "d" }, Ids(await JsonAsync(host, "source=src-ar")));
        CollectionAssert.AreEqual(new[] { "c" }, Ids(await JsonAsync(host, "q=roj")));
        CollectionAssert.AreEqual(new[] { "d" }, Ids(await JsonAsync(host, "q=" + Uri.EscapeDataString("غويران"))));
        Assert.IsEmpty(Ids(await JsonAsync(host, "minScore=0.99")));

        var arabic = await JsonAsync(host, "lang=ar");
        var both = arabic.GetProperty("developments").EnumerateArray().Single(d => d.GetProperty("articles").GetArrayLength() == 2);
        Assert.AreEqual("نقل 150 محتجزاً من الحسكة", both.GetProperty("headline").GetString(), "the headline in the reader's language");
    }

    [TestMethod]
    public async Task Limit_and_continuation_page_through_every_development_once()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], NoPoll);
        await SeedAsync(host);

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await JsonAsync(host, "limit=2" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)));
            seen.AddRange(page.GetProperty("developments").EnumerateArray().Select(d => d.GetProperty("id").GetString()!));
            continuation = page.GetProperty("continuation").GetString();
            pages++;
        }
        while (continuation is not null && pages < 10);

        Assert.AreEqual(3, pages);
        Assert.HasCount(5, seen);
        Assert.HasCount(5, seen.Distinct().ToList());
    }

    [TestMethod]
    public async Task The_digest_has_an_etag_and_cache_control_and_answers_304_when_nothing_changed()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], NoPoll);
        await SeedAsync(host);
        const string Url = "/api/digest?topic=" + Topic + "&since=7d";

        var first = await host.Client.GetAsync(Url);
        var etag = first.Headers.ETag;
        Assert.IsNotNull(etag);
        Assert.AreEqual(TimeSpan.FromSeconds(60), first.Headers.CacheControl?.MaxAge);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, Url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var second = await host.Client.SendAsync(conditional);
        Assert.AreEqual(HttpStatusCode.NotModified, second.StatusCode);
        Assert.AreEqual(0, (await second.Content.ReadAsByteArrayAsync()).Length);

        await host.Services.GetRequiredService<DevelopmentStore>().AddAsync(Topic, Article("g", 45, "en", "transfer", "A new flight lands with 97 detainees", 97), CancellationToken.None);
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, Url);
        afterChange.Headers.IfNoneMatch.Add(etag);
        var third = await host.Client.SendAsync(afterChange);
        Assert.AreEqual(HttpStatusCode.OK, third.StatusCode);
        Assert.AreNotEqual(etag, third.Headers.ETag);
    }

    [TestMethod]
    [DataRow("json", "application/json")]
    [DataRow("md", "text/markdown")]
    [DataRow("html", "text/html")]
    [DataRow("rss", "application/rss+xml")]
    [DataRow("atom", "application/atom+xml")]
    public async Task Every_format_is_served_with_its_media_type_and_feed_text_escaped(string format, string mediaType)
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], NoPoll);
        await SeedAsync(host);

        var response = await host.Client.GetAsync($"/api/digest?topic={Topic}&since=7d&format={format}");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(mediaType, response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)</script>", body);
        if (format is "rss" or "atom")
        {
            var feed = CodeHollow.FeedReader.FeedReader.ReadFromString(body);
            Assert.HasCount(5, feed.Items);
        }
    }

    [TestMethod]
    public async Task The_json_schema_is_served()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], NoPoll);

        var response = await host.Client.GetAsync("/api/schema");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var schema = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.AreEqual("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
    }

    [TestMethod]
    public async Task The_csv_digest_is_utf8_with_a_byte_order_mark_and_opens_in_pythons_csv_module_with_one_row_per_article()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], NoPoll);
        await SeedAsync(host);
        var articles = (await JsonAsync(host, "limit=500")).GetProperty("developments").EnumerateArray().Sum(d => d.GetProperty("articles").GetArrayLength());

        var response = await host.Client.GetAsync($"/api/digest?topic={Topic}&since=7d&limit=500&format=csv&hl=en");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3], "UTF-8 with a byte order mark");
        var path = Path.Combine(Path.GetTempPath(), $"monitor-digest-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var rows = await Monitor.Core.Tests.Digests.PythonCsv.RowsAsync(path);
            Assert.AreEqual(6, articles);
            Assert.HasCount(1 + articles, rows);
            Assert.AreEqual("development_id", rows[0][0]);
            CollectionAssert.Contains(rows.Select(r => r[11]).ToList(), "نقل 150 محتجزاً من الحسكة", "Arabic survives the trip");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public async Task The_readers_language_heads_every_development_in_it_and_filters_none()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], NoPoll);
        await SeedAsync(host);

        var asPublished = (await JsonAsync(host, "limit=500")).GetProperty("developments").EnumerateArray().ToList();
        var english = await JsonAsync(host, "limit=500&hl=en");
        var developments = english.GetProperty("developments").EnumerateArray().ToList();

        Assert.AreEqual("en", english.GetProperty("readerLanguage").GetString());
        Assert.HasCount(asPublished.Count, developments);
        Assert.IsTrue(developments.All(d => !d.GetProperty("headline").GetString()!.Any(c => c is >= '\u0600' and <= '\u06FF')), "every headline in English");
        var handover = developments.Single(d => d.GetProperty("type").GetString() == "facility_handover");
        Assert.IsTrue(handover.GetProperty("headlineGenerated").GetBoolean(), "reported in Arabic only: its fact line");
        Assert.AreEqual(handover.GetProperty("factLines").GetProperty("en").GetString(), handover.GetProperty("headline").GetString());
        StringAssert.StartsWith(handover.GetProperty("factLines").GetProperty("ar").GetString(), "تسليم مرافق احتجاز تضم 4300 معتقل");

        var wrong = await host.Client.GetAsync($"/api/digest?topic={Topic}&hl=fr");
        Assert.AreEqual(HttpStatusCode.BadRequest, wrong.StatusCode);
        StringAssert.Contains(JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0].GetString(), "the value 'fr' of parameter 'hl'");
    }

    [TestMethod]
    public async Task The_sources_are_served_as_json_and_as_a_page_and_another_format_is_a_400()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var source = new Monitor.Core.Feeds.FeedSource { Id = "wire", Name = "Wire", Url = new Uri("http://127.0.0.1:9/feed.xml"), Language = "en", Outlet = "Wire" };
        await using var host = await InProcessHost.StartAsync(azurite, [source], NoPoll);

        var json = await host.Client.GetAsync("/api/sources");
        var page = await host.Client.GetAsync("/api/sources?format=html");
        var wrong = await host.Client.GetAsync("/api/sources?format=xml");

        Assert.AreEqual("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(HttpStatusCode.OK, page.StatusCode);
        Assert.AreEqual("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        StringAssert.Contains(html, "id=\"source-wire\"");
        StringAssert.Contains(html, "href=\"/api/digest?topic=detainee-transfers&amp;since=7d&amp;format=html\"");
        Assert.AreEqual(HttpStatusCode.BadRequest, wrong.StatusCode);
        StringAssert.Contains(JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0].GetString(), "use json or html");
    }
}
