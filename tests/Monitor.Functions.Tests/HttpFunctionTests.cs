using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Developments;
using Monitor.Functions.Tests.Infrastructure;

namespace Monitor.Functions.Tests;

/// <summary>
/// Each HTTP function run on a real <c>HttpContext</c> gives the local host's answer to the same
/// request: status, headers and body.
/// </summary>
[TestClass]
public sealed class HttpFunctionTests
{
    private const string Topic = "detainee-transfers";
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly Core.Feeds.FeedSource Wire = new()
    {
        Id = "wire",
        Name = "Wire (English)",
        Url = new Uri("http://127.0.0.1:9/feed.xml"),
        Language = "en",
        Outlet = "Wire",
    };

    [TestMethod]
    public async Task Health_schema_sources_and_a_wrong_digest_request_answer_as_the_local_host_does()
    {
        await using var hosts = await TwinHosts.StartAsync([Wire]);

        var health = await hosts.AssertSameAsync<Api>(nameof(Api.Health), hosts.Request(HttpMethod.Get, "/api/health"), (f, r) => f.Health(r, None), TwinHosts.WithoutFirst("\"checkedAt\":\\s*\"[^\"]*\""));
        var schema = await hosts.AssertSameAsync<Api>(nameof(Api.Schema), hosts.Request(HttpMethod.Get, "/api/schema"), (f, r) => Task.FromResult(f.Schema(r)));
        var sources = await hosts.AssertSameAsync<Api>(nameof(Api.Sources), hosts.Request(HttpMethod.Get, "/api/sources"), (f, r) => f.Sources(r, None), TwinHosts.WithoutFirst("\"generatedAt\":\\s*\"[^\"]*\""));
        var sourcesPage = await hosts.AssertSameAsync<Api>(nameof(Api.Sources), hosts.Request(HttpMethod.Get, "/api/sources?format=html"), (f, r) => f.Sources(r, None), TwinHosts.WithoutFirst("Checked <time[^>]*>[^<]*</time>"));
        var sourcesWrong = await hosts.AssertSameAsync<Api>(nameof(Api.Sources), hosts.Request(HttpMethod.Get, "/api/sources?format=xml"), (f, r) => f.Sources(r, None));
        var wrong = await hosts.AssertSameAsync<Api>(nameof(Api.Digest), hosts.Request(HttpMethod.Get, "/api/digest?topic=nope&since=yesterday&limit=0"), (f, r) => f.Digest(r, None));

        Assert.AreEqual(200, health.Status);
        StringAssert.Contains(schema.Text, "2020-12");
        StringAssert.Contains(sources.Text, "\"wire\"");
        Assert.AreEqual(200, sourcesPage.Status);
        StringAssert.Contains(sourcesPage.Text, "id=\"source-wire\"");
        Assert.AreEqual(400, sourcesWrong.Status);
        Assert.AreEqual(400, wrong.Status);
        StringAssert.Contains(wrong.Text, "limit");
    }

    [TestMethod]
    public async Task The_digest_answers_as_the_local_host_does_in_each_format_and_both_answer_304_to_its_ETag()
    {
        await using var hosts = await TwinHosts.StartAsync([Wire]);
        var day = DateTimeOffset.UtcNow.AddHours(-6);
        var developments = hosts.App.Services.GetRequiredService<DevelopmentStore>();
        await developments.AddAsync(Topic, Article("a1", day, "US moves 150 ISIS detainees from Hasakah to Iraq", 150), None);
        await developments.AddAsync(Topic, Article("a2", day.AddHours(30), "Iraq receives 2,250 detainees from Syria's al-Hol camp", 2250), None);
        var window = $"since={Uri.EscapeDataString(day.AddDays(-1).ToString("o", CultureInfo.InvariantCulture))}&until={Uri.EscapeDataString(day.AddDays(3).ToString("o", CultureInfo.InvariantCulture))}";

        // Each format names the moment it was generated once (CSV not at all); everything else is the same bytes.
        foreach (var (format, generatedAt) in new (string, string?)[]
        {
            ("json", "\"generatedAt\":\\s*\"[^\"]*\""),
            ("md", " · generated [^·]*"),
            ("html", "Generated <time[^>]*>[^<]*</time>"),
            ("rss", "<lastBuildDate>[^<]*</lastBuildDate>"),
            ("atom", "<updated>[^<]*</updated>"),
            ("csv", null),
        })
        {
            var path = $"/api/digest?topic={Topic}&{window}&format={format}&hl=ar";
            var digest = await hosts.AssertSameAsync<Api>(nameof(Api.Digest), hosts.Request(HttpMethod.Get, path), (f, r) => f.Digest(r, None), generatedAt is null ? null : TwinHosts.WithoutFirst(generatedAt));
            Assert.AreEqual(200, digest.Status, format);
            StringAssert.Contains(digest.Text, "2,250", format);
            var etag = digest.Header("ETag");
            Assert.IsNotNull(etag, format);

            var notModified = await hosts.AssertSameAsync<Api>(
                nameof(Api.Digest),
                hosts.Request(HttpMethod.Get, path, configure: m => m.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag))),
                (f, r) => f.Digest(r, None));
            Assert.AreEqual(304, notModified.Status, format);
            Assert.IsEmpty(notModified.Body, format);
        }
    }

    private static DevelopmentArticle Article(string id, DateTimeOffset published, string title, long amount) =>
        new(id, title, "https://example.test/" + id, "wire", "Wire", "en", published, 0.9)
        {
            Type = "transfer",
            Figures = [new StatedFigure(amount, "exact", "detainees", amount.ToString("N0", CultureInfo.InvariantCulture) + " detainees") { Lead = true }],
            Places = ["hasakah"],
            Summary = title,
            Signature = TextSignature.Of(title),
        };

}
