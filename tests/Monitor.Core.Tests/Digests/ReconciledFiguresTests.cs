using System.Text.Json;
using AngleSharp.Html.Parser;
using Monitor.Core.Classification;
using Monitor.Core.Developments;
using Monitor.Core.Digests;

namespace Monitor.Core.Tests.Digests;

/// <summary>
/// The seeds' transfer (000 and 001 on 23 January, 002 the next day) told as "150", "about 150",
/// "up to 7,000" and "about 7,000": two figures, each with every source's qualifier and words, in
/// every format.
/// </summary>
[TestClass]
public sealed class ReconciledFiguresTests
{
    private static readonly Lazy<Digest> Seeds = new(() => OfflineDigestTests.Build(OfflineDigestTests.Seeds()));

    private static Development Transfer => OfflineDigestTests.WithArticle(Seeds.Value, "seed-000");

    [TestMethod]
    public void The_000_001_002_development_shows_exactly_two_figures_150_and_7000_with_every_sources_wording()
    {
        var figures = Transfer.Figures;

        CollectionAssert.AreEquivalent(new long[] { 150, 7000 }, figures.Select(f => f.Value).ToArray());
        foreach (var figure in figures)
        {
            Assert.AreEqual("detainees", figure.What);
            CollectionAssert.AreEquivalent(new[] { "seed-000", "seed-001", "seed-002" }, figure.Sources.Select(s => s.ArticleId).ToArray(), figure.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.IsTrue(figure.Sources.All(s => !string.IsNullOrWhiteSpace(s.Text)));
        }

        var moved = figures.Single(f => f.Value == 150);
        Assert.AreEqual(CountFact.Exact, moved.Qualifier, "two sources say 150, one about 150");
        Assert.AreEqual(CountFact.Approximate, moved.Sources.Single(s => s.ArticleId == "seed-002").Qualifier);
        StringAssert.Contains(moved.Sources.Single(s => s.ArticleId == "seed-002").Text, "نحو 150");
        var ceiling = figures.Single(f => f.Value == 7000);
        Assert.AreEqual(CountFact.UpTo, ceiling.Qualifier, "two sources say up to 7,000, one about 7,000");
        Assert.AreEqual(CountFact.Approximate, ceiling.Sources.Single(s => s.ArticleId == "seed-002").Qualifier);
        Assert.IsEmpty(Transfer.Disagreements, "150 and about 150 are one amount, not a disagreement");
    }

    [TestMethod]
    public void The_series_follow_the_reconciled_figures()
    {
        var moved = Seeds.Value.Series.Single(s => s.Key == FigureSeries.Moved).Points.Where(p => p.DevelopmentId == Transfer.Id).ToList();
        var planned = Seeds.Value.Series.Single(s => s.Key == FigureSeries.Planned).Points.Where(p => p.DevelopmentId == Transfer.Id).ToList();

        Assert.IsTrue(moved.All(p => p.Value == 150), "about 7,000 expected is a ceiling's source, not detainees moved");
        Assert.AreEqual(3, moved.Sum(p => p.Reports));
        Assert.IsTrue(planned.All(p => p.Value == 7000 && p.Qualifier == CountFact.UpTo));
        Assert.AreEqual(3, planned.Sum(p => p.Reports));
    }

    [TestMethod]
    public void Json_gives_each_source_its_qualifier_and_words_and_matches_the_schema()
    {
        using var json = JsonDocument.Parse(DigestRenderer.ToJson(Seeds.Value));

        var development = json.RootElement.GetProperty("developments").EnumerateArray().Single(d => d.GetProperty("id").GetString() == Transfer.Id);
        var figures = development.GetProperty("figures").EnumerateArray().ToList();
        Assert.HasCount(2, figures);
        var alArab = figures.Single(f => f.GetProperty("value").GetInt64() == 150).GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("articleId").GetString() == "seed-002");
        Assert.AreEqual("approx", alArab.GetProperty("qualifier").GetString());
        StringAssert.Contains(alArab.GetProperty("text").GetString(), "نحو 150");
    }

    [TestMethod]
    public void Markdown_html_and_feeds_show_two_figures_with_each_sources_words()
    {
        var markdown = DigestRenderer.ToMarkdown(Seeds.Value);
        StringAssert.Contains(markdown, "- 150 detainees — news-ar: “");
        StringAssert.Contains(markdown, "alarab \\(about\\): “نحو 150", "Markdown escapes the parenthesis");
        StringAssert.Contains(markdown, "- up to 7,000 detainees — ");

        var page = new HtmlParser().ParseDocument(DigestHtml.ToHtml(Seeds.Value));
        var items = page.QuerySelectorAll($"#dev-{Transfer.Id} .figures li");
        Assert.HasCount(2, items);
        var moved = items.Single(li => li.QuerySelector(".figure-value")!.TextContent == "150 detainees");
        Assert.HasCount(3, moved.QuerySelectorAll("q.figure-text"));
        Assert.AreEqual("(about)", moved.QuerySelector(".figure-qualifier")!.TextContent);

        var rss = DigestFeeds.ToRss(Seeds.Value, new Uri("https://monitor.example/api/digest?format=rss"));
        StringAssert.Contains(rss, "alarab (about): “نحو 150");
    }
}
