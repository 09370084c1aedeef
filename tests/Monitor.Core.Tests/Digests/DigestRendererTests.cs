using System.Text.Json;
using Monitor.Core.Developments;
using Monitor.Core.Digests;

namespace Monitor.Core.Tests.Digests;

[TestClass]
public sealed class DigestRendererTests
{
    private static readonly DateTimeOffset Generated = new(2026, 1, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly DevelopmentArticle Arabic = new(
        "a1", "نقل 150 محتجزاً من «داعش» إلى العراق", "https://example.test/ar?id=1", "alrai", "Alrai Media", "ar",
        new DateTimeOffset(2026, 1, 23, 8, 0, 0, TimeSpan.Zero), 0.92412)
    {
        Type = "transfer",
        Figures = [new StatedFigure(150, "exact", "detainees", "150 محتجزاً"), new StatedFigure(7000, "up_to", "detainees", "حتى 7 آلاف")],
        Places = ["hasakah"],
        Actors = ["centcom"],
    };

    private static readonly DevelopmentArticle English = new(
        "e1", "US moves [150] *ISIS* detainees <to> Iraq_now", "https://example.test/en/(story)", "reuters", "Reuters | World", "en",
        new DateTimeOffset(2026, 1, 23, 9, 30, 0, TimeSpan.Zero), 0.8)
    {
        Figures = [new StatedFigure(150, "exact", "detainees", "150 detainees")],
    };

    /// <summary>A development of the articles, with the headline given.</summary>
    private static Development Dev(string headline, params DevelopmentArticle[] articles) =>
        DevelopmentBuilder.Build("dev1", articles) with { Headline = headline };

    private static Digest Sample() => new(
        "detainee-transfers",
        Generated,
        Generated.AddDays(-2),
        Generated,
        [Dev("US moves [150] *ISIS* detainees", Arabic, English)]);

    [TestMethod]
    public void Json_has_the_documented_field_names()
    {
        using var json = JsonDocument.Parse(DigestRenderer.ToJson(Sample()));
        var root = json.RootElement;

        CollectionAssert.AreEqual(
            new[] { "schemaVersion", "topic", "topicName", "generatedAt", "since", "until", "language", "readerLanguage", "filters", "continuation", "series", "developments" },
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.AreEqual(Digest.SchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        var development = root.GetProperty("developments")[0];
        CollectionAssert.AreEqual(
            new[] { "id", "headline", "headlineGenerated", "headlines", "factLines", "summary", "summaryGenerated", "type", "firstSeen", "lastUpdated", "languages", "sources", "places", "actors", "importance", "figures", "disagreements", "articles", "absorbed" },
            development.EnumerateObject().Select(p => p.Name).ToArray());
        var article = development.GetProperty("articles")[0];
        CollectionAssert.AreEqual(
            new[] { "id", "story", "title", "url", "source", "sourceName", "language", "published", "publishedEstimated", "dateSource", "score", "type", "summary", "joinedBy" },
            article.EnumerateObject().Select(p => p.Name).ToArray());
    }

    [TestMethod]
    public void Json_merges_figures_across_articles_with_their_sources()
    {
        using var json = JsonDocument.Parse(DigestRenderer.ToJson(Sample()));
        var figures = json.RootElement.GetProperty("developments")[0].GetProperty("figures");

        var first = figures[0];
        Assert.AreEqual(150, first.GetProperty("value").GetInt64());
        Assert.AreEqual("detainees", first.GetProperty("what").GetString());
        CollectionAssert.AreEqual(new[] { "a1", "e1" }, first.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("articleId").GetString()).ToArray());
        Assert.AreEqual("up_to", figures[1].GetProperty("qualifier").GetString());
    }

    [TestMethod]
    public void Json_carries_the_values_with_iso_times()
    {
        using var json = JsonDocument.Parse(DigestRenderer.ToJson(Sample()));
        var root = json.RootElement;
        var article = root.GetProperty("developments")[0].GetProperty("articles")[0];

        Assert.AreEqual("detainee-transfers", root.GetProperty("topic").GetString());
        Assert.AreEqual("2026-01-24T12:00:00+00:00", root.GetProperty("generatedAt").GetString());
        Assert.AreEqual("2026-01-22T12:00:00+00:00", root.GetProperty("since").GetString());
        Assert.AreEqual("a1", article.GetProperty("id").GetString());
        Assert.AreEqual("Alrai Media", article.GetProperty("sourceName").GetString());
        Assert.AreEqual("2026-01-23T08:00:00+00:00", article.GetProperty("published").GetString());
        Assert.AreEqual(0.924, article.GetProperty("score").GetDouble());
        CollectionAssert.AreEqual(new[] { "ar", "en" }, root.GetProperty("developments")[0].GetProperty("languages").EnumerateArray().Select(e => e.GetString()).ToArray());
    }

    [TestMethod]
    public void Json_keeps_arabic_readable()
    {
        var text = DigestRenderer.ToJson(Sample());

        StringAssert.Contains(text, "نقل 150 محتجزاً من «داعش» إلى العراق");
    }

    [TestMethod]
    public void Json_writes_missing_titles_and_urls_as_null()
    {
        var digest = Sample() with { Developments = [Dev("h", English with { Title = null, Url = null })] };

        using var json = JsonDocument.Parse(DigestRenderer.ToJson(digest));
        var article = json.RootElement.GetProperty("developments")[0].GetProperty("articles")[0];

        Assert.AreEqual(JsonValueKind.Null, article.GetProperty("title").ValueKind);
        Assert.AreEqual(JsonValueKind.Null, article.GetProperty("url").ValueKind);
    }

    [TestMethod]
    public void Markdown_has_a_title_a_window_a_heading_per_development_and_a_bullet_per_article()
    {
        var markdown = DigestRenderer.ToMarkdown(Sample());
        var lines = markdown.Split('\n');

        Assert.AreEqual("# Digest: detainee-transfers", lines[0]);
        Assert.IsTrue(lines.Any(l => l.StartsWith("- 150 detainees — Alrai Media: “150 محتجزاً”; Reuters \\| World: “150 detainees”", StringComparison.Ordinal)), markdown);
        Assert.IsTrue(lines.Any(l => l.StartsWith("Window: 2026-01-22 12:00 UTC to 2026-01-24 12:00 UTC", StringComparison.Ordinal)));
        Assert.AreEqual(1, lines.Count(l => l.StartsWith("## ", StringComparison.Ordinal)));
        Assert.IsTrue(lines.Any(l => l.StartsWith("*transfer* · first seen 2026-01-23 08:00 UTC · last updated 2026-01-23 09:30 UTC · languages: ar, en", StringComparison.Ordinal)), markdown);
        Assert.AreEqual(2, lines.Count(l => l.StartsWith("- [", StringComparison.Ordinal)));
        CollectionAssert.Contains(lines, "- [نقل 150 محتجزاً من «داعش» إلى العراق](https://example.test/ar?id=1) — Alrai Media, ar, 2026-01-23 08:00 UTC, score 0.92, id a1");
    }

    [TestMethod]
    public void Markdown_escapes_special_characters_in_feed_text()
    {
        var markdown = DigestRenderer.ToMarkdown(Sample());

        StringAssert.Contains(markdown, @"## US moves \[150\] \*ISIS\* detainees");
        StringAssert.Contains(markdown, @"[US moves \[150\] \*ISIS\* detainees \<to\> Iraq\_now](https://example.test/en/%28story%29) — Reuters \| World, en");
    }

    [TestMethod]
    public void Markdown_keeps_each_title_on_one_line()
    {
        var digest = Sample() with { Developments = [Dev("Line one\n# Not a heading", English with { Title = "Title\n\n- not a list" })] };

        var markdown = DigestRenderer.ToMarkdown(digest);

        StringAssert.Contains(markdown, @"## Line one \# Not a heading");
        StringAssert.Contains(markdown, "[Title - not a list]");
    }

    [TestMethod]
    public void Markdown_links_only_http_addresses()
    {
        var digest = Sample() with { Developments = [Dev("h", English with { Title = "Click", Url = "javascript:alert(1)" })] };

        var markdown = DigestRenderer.ToMarkdown(digest);

        StringAssert.Contains(markdown, "- Click — ");
        Assert.DoesNotContain("javascript", markdown);
    }

    [TestMethod]
    public void Markdown_names_untitled_articles()
    {
        var digest = Sample() with { Developments = [Dev("h", English with { Title = null })] };

        StringAssert.Contains(DigestRenderer.ToMarkdown(digest), @"- [\(untitled\)](https://example.test/en/%28story%29)");
    }

    [TestMethod]
    public void Markdown_says_so_when_the_window_is_empty()
    {
        var markdown = DigestRenderer.ToMarkdown(Sample() with { Developments = [] });

        StringAssert.Contains(markdown, "0 developments");
        StringAssert.Contains(markdown, "No relevant articles in this window.");
    }

    [TestMethod]
    [DataRow(DigestFormat.Json, "application/json; charset=utf-8")]
    [DataRow(DigestFormat.Markdown, "text/markdown; charset=utf-8")]
    [DataRow(DigestFormat.Html, "text/html; charset=utf-8")]
    [DataRow(DigestFormat.Rss, "application/rss+xml; charset=utf-8")]
    [DataRow(DigestFormat.Atom, "application/atom+xml; charset=utf-8")]
    public void Each_format_has_its_content_type(DigestFormat format, string expected)
    {
        Assert.AreEqual(expected, DigestFormats.Render(Sample(), format, new Uri("http://localhost/api/digest")).ContentType);
    }

    [TestMethod]
    public void Markdown_heads_a_development_in_the_readers_language_and_marks_a_fact_line_as_generated()
    {
        var english = DigestAssembler.Assemble(
            "detainee-transfers", "T", [DevelopmentBuilder.Build("ar-only", [Arabic])],
            new DigestQuery("detainee-transfers", Generated.AddDays(-3), Generated, DigestFormat.Markdown) { Filters = DigestFilters.None with { ReaderLanguage = "en" } },
            Generated,
            Classification.Topics.Catalog.Find(Classification.Topics.DetaineeTransfers)!.FactLines);

        var markdown = DigestRenderer.ToMarkdown(english);

        StringAssert.Contains(markdown, "## Transfer of 150 detainees from Hasakah; also up to 7,000 detainees — CENTCOM \\[generated from the facts, not a translation\\]\n");
        Assert.DoesNotContain("نقل 150", markdown.Split("\n").First(l => l.StartsWith("## ", StringComparison.Ordinal)));
    }
}
