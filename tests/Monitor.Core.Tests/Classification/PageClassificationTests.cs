using Monitor.Core.Articles;
using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

/// <summary>A scraped page of many stories (seed 003) through <c>monitor classify</c>: each story judged on its own.</summary>
[TestClass]
public sealed class PageClassificationTests
{
    private static BatchResult Seed003() =>
        BatchResult.Of(new BatchArticle { Id = "seed-003", Text = TestData.Seed(3) }, Topics.Classifier, Topics.DetaineeTransfers);

    [TestMethod]
    public void Seed_003_is_read_as_separate_stories()
    {
        var result = Seed003();

        Assert.AreEqual("main", result.Stories[0].Kind);
        Assert.IsTrue(result.Stories.Count(s => s.Kind == "story") >= 3);
        Assert.IsTrue(result.Stories.Count(s => s.Kind == "teaser") >= 5);
    }

    [TestMethod]
    [DataRow("حزب الله")]
    [DataRow("حماس")]
    [DataRow("مبيعات عسكرية")]
    [DataRow("المالكي")]
    [DataRow("باريس")]
    public void None_of_seed_003s_unrelated_stories_is_relevant(string named)
    {
        var stories = Seed003().Stories.Where(s => s.Title.Contains(named, StringComparison.Ordinal)).ToList();

        Assert.IsNotEmpty(stories, named);
        Assert.IsTrue(stories.All(s => !s.Relevant), named);
    }

    [TestMethod]
    public void Seed_003s_main_story_on_security_cooperation_is_not_relevant() =>
        Assert.IsFalse(Seed003().Stories.Single(s => s.Kind == "main").Relevant);

    [TestMethod]
    public void Seed_003s_2250_report_and_prisoners_story_are_relevant_with_their_figure()
    {
        var result = Seed003();
        var received = result.Stories.Single(s => s.Title.Contains("2250", StringComparison.Ordinal));
        var threaten = result.Stories.Single(s => s.Kind == "story" && s.Title.Contains("يهددون", StringComparison.Ordinal));

        Assert.IsTrue(received.Relevant);
        Assert.IsTrue(threaten.Relevant);
        Assert.IsTrue(result.Relevant, "the page holds relevant stories");
        Assert.IsTrue(result.Facts.Counts.Any(c => c.Value == 2250), "the page's facts come from its relevant stories");
        Assert.IsFalse(result.Facts.Counts.Any(c => c.Value == 90_000_000), "not the arms sale's $90 million");
    }

    [TestMethod]
    public void Evidence_of_a_page_points_into_the_page()
    {
        var result = Seed003();
        var scored = ArticleClassifier.ScoredText(null, HtmlText.ToPlainText(TestData.Seed(3)));

        Assert.IsNotEmpty(result.Evidence);
        foreach (var e in result.Evidence)
        {
            Assert.AreEqual(e.Text, scored.Substring(e.Start, e.Length));
        }
    }

    [TestMethod]
    public void An_ordinary_article_has_no_stories()
    {
        var result = BatchResult.Of(new BatchArticle { Id = "seed-001", Text = TestData.Seed(1) }, Topics.Classifier, Topics.DetaineeTransfers);

        Assert.IsEmpty(result.Stories);
        Assert.IsTrue(result.Relevant);
    }

    [TestMethod]
    public void A_fetched_page_makes_the_article_its_main_story_only()
    {
        var item = new IncomingItem
        {
            Source = "aawsat-ar",
            Id = "https://aawsat.example/1",
            Title = "العراق يستأنف تعاونه الثنائي مع واشنطن لملاحقة خلايا «داعش»",
            SummaryHtml = "<p>ملخص</p>",
            PageText = TestData.Seed(3),
            FetchedAt = DateTimeOffset.UnixEpoch,
        };

        var text = ArticleProcessor.ArticleText(item);

        StringAssert.Contains(text, "الحويجة");
        foreach (var other in new[] { "حزب الله", "حماس", "مبيعات", "المالكي", "باريس", "2250" })
        {
            Assert.IsFalse(text.Contains(other, StringComparison.Ordinal), other);
        }
    }

    [TestMethod]
    public void Without_a_page_the_article_is_the_summary() =>
        Assert.AreEqual("ملخص", ArticleProcessor.ArticleText(new IncomingItem { Source = "s", Id = "1", SummaryHtml = "<p>ملخص</p>", FetchedAt = DateTimeOffset.UnixEpoch }));
}
