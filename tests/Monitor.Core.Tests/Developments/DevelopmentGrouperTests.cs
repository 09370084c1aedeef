using Monitor.Core.Developments;
using Monitor.Core.Storage;
using Monitor.Core.Tests.Classification;

namespace Monitor.Core.Tests.Developments;

[TestClass]
public sealed class DevelopmentGrouperTests
{
    private static readonly DateTimeOffset Day = new(2026, 1, 23, 8, 0, 0, TimeSpan.Zero);

    private static GroupingRules Rules => Topics.Catalog.Find(Topics.DetaineeTransfers)!.Grouping;

    private static IReadOnlyList<Development> Group(IEnumerable<DevelopmentArticle> articles) => new DevelopmentGrouper(Rules).Developments(articles);

    /// <summary>A seed as the digest sees it: its facts, type, summary and signature come from the classifier, like stored articles'.</summary>
    private static DevelopmentArticle FromSeed(int seed, string title, string source, DateTimeOffset published)
    {
        var text = TestData.Seed(seed);
        var classification = Topics.Classifier.Classify(title, text);
        var topic = classification.Topics.Single(t => t.Topic == Topics.DetaineeTransfers);
        var origin = new ArticleOrigin($"https://example.test/{seed}", source, source.ToUpperInvariant(), published, false);
        return DevelopmentArticles.Of($"seed-{seed:D3}", null, title, text, origin, classification.Language, topic, classification.Facts);
    }

    /// <summary>A report read by the real classifier, as the offline digest reads its input.</summary>
    private static DevelopmentArticle Report(string id, string? title, string text, DateTimeOffset? published, string source = "src")
    {
        var classification = Topics.Classifier.Classify(title, text);
        var topic = classification.Topics.Single(t => t.Topic == Topics.DetaineeTransfers);
        Assert.IsTrue(topic.Relevant, $"{id} should be relevant");
        var origin = new ArticleOrigin(null, source, source, published ?? Day.AddDays(30), published is null);
        return DevelopmentArticles.Of(id, null, title, text, origin, classification.Language, topic, classification.Facts);
    }

    private static DevelopmentArticle Article(string id, DateTimeOffset published, string? title = null, string language = "en", double score = 0.8, params long[] counts) =>
        new(id, title, null, "src", "Source", language, published, score)
        {
            Figures = [.. counts.Select(c => new StatedFigure(c, "exact", "detainees", c.ToString(System.Globalization.CultureInfo.InvariantCulture)) { Lead = true })],
            Places = ["hasakah"],
            LeadPlaces = ["hasakah"],
            Type = "transfer",
        };

    private static List<DevelopmentArticle> Seeds(DateTimeOffset seed004Published) =>
    [
        FromSeed(0, "روبيو يرحب بالمبادرة العراقية لاحتجاز عناصر داعش", "alrai", Day),
        FromSeed(1, "Rubio welcomes Iraqi initiative to detain ISIS members", "alrai-en", Day.AddHours(1)),
        FromSeed(2, "تعاون عراقي أميركي لمنع انبعاث داعش", "alarab", Day.AddHours(30)),
        FromSeed(4, "التحالف الدولي يرحب بانضمام سوريا", "shafaq", seed004Published),
    ];

    [TestMethod]
    public void Seeds_000_001_and_002_form_one_development_and_004_its_own()
    {
        var developments = Group(Seeds(new DateTimeOffset(2026, 2, 9, 10, 0, 0, TimeSpan.Zero)));

        Assert.HasCount(2, developments);
        var transfer = developments.Single(d => d.Articles.Count == 3);
        CollectionAssert.AreEqual(new[] { "seed-000", "seed-001", "seed-002" }, transfer.Articles.Select(a => a.Id).ToArray());
        Assert.AreEqual("seed-004", developments.Single(d => d.Articles.Count == 1).Articles[0].Id);
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(50)]
    public void Seed_004_stays_apart_on_the_same_day_or_later(int hours)
    {
        var developments = Group(Seeds(Day.AddHours(hours)));

        Assert.IsTrue(developments.Any(d => d.Articles.Count == 1 && d.Articles[0].Id == "seed-004"), string.Join(" | ", developments.Select(d => string.Join(",", d.Articles.Select(a => a.Id)))));
    }

    [TestMethod]
    public void The_seed_development_is_described_by_its_articles_and_each_says_why_it_joined()
    {
        var transfer = Group(Seeds(Day.AddDays(20))).Single(d => d.Articles.Count == 3);

        Assert.AreEqual(TableKeys.Hash("seed-000"), transfer.Id);
        Assert.AreEqual(Day, transfer.FirstSeen);
        Assert.AreEqual(Day.AddHours(30), transfer.LastUpdated);
        CollectionAssert.AreEqual(new[] { "ar", "en" }, transfer.Languages.ToArray());
        foreach (var article in transfer.Articles)
        {
            Assert.IsNotNull(article.JoinedBy, article.Id);
            Assert.IsTrue(article.JoinedBy.Reasons.Any(r => r.EndsWith(" apart", StringComparison.Ordinal)), string.Join("; ", article.JoinedBy.Reasons));
        }

        Assert.IsTrue(transfer.Articles.Any(a => a.JoinedBy!.Reasons.Contains("same figure 150 detainees")), "the figure that ties them is named");
    }

    [TestMethod]
    public void A_shared_lead_figure_joins_reports_in_different_languages()
    {
        var developments = Group(
        [
            Report("en", "US moves 150 ISIS detainees from Hasakah to Iraq", "The US military said it moved 150 Islamic State detainees from a prison in Hasakah, Syria, to a secure facility in Iraq on Wednesday.", Day),
            Report("ar", "نقل 150 معتقلاً من داعش من الحسكة إلى العراق", "أعلن الجيش الأميركي نقل 150 معتقلاً من عناصر تنظيم داعش من سجن في الحسكة السورية إلى منشأة آمنة في العراق.", Day.AddHours(4)),
        ]);

        Assert.HasCount(1, developments);
        CollectionAssert.AreEqual(new[] { "ar", "en" }, developments[0].Languages.ToArray());
    }

    [TestMethod]
    public void Two_batches_with_different_lead_counts_stay_apart_however_alike_their_words()
    {
        const string Text = "Iraq received a batch of {0} Islamic State detainees flown from prisons in Hasakah, Syria, on Tuesday, the Counter-Terrorism Service said, the latest transfer under the deal with CENTCOM. Up to 7,000 detainees may be moved in all.";
        var developments = Group(
        [
            Report("first", "Iraq receives 150 ISIS detainees from Syria", string.Format(System.Globalization.CultureInfo.InvariantCulture, Text, 150), Day),
            Report("second", "Iraq receives 212 ISIS detainees from Syria", string.Format(System.Globalization.CultureInfo.InvariantCulture, Text, 212), Day.AddHours(20)),
        ]);

        Assert.HasCount(2, developments);
    }

    [TestMethod]
    public void A_report_that_recalls_the_first_batch_is_still_the_second()
    {
        var developments = Group(
        [
            Report("b1", "US moves 150 ISIS detainees from Syria to Iraq", "The US military moved 150 Islamic State detainees from a detention facility in Hasakah, Syria, to Iraq, CENTCOM said on Wednesday.", Day),
            Report("b2", "Second batch of 212 ISIS detainees reaches Iraq", "A second batch of 212 Islamic State detainees was flown from Hasakah prisons in Syria to Iraq on Friday, CENTCOM said. The first batch of 150 detainees was moved on Wednesday.", Day.AddHours(48)),
        ]);

        Assert.HasCount(2, developments);
    }

    [TestMethod]
    public void Chains_cannot_glue_two_batches_together()
    {
        // b shares a figure with each, but a and c state different lead counts: no development holds both.
        var developments = Group(
        [
            Article("a", Day, "A", counts: 150),
            Article("b", Day.AddHours(2), "B", counts: [150, 212]),
            Article("c", Day.AddHours(4), "C", counts: 212),
        ]);

        Assert.IsFalse(developments.Any(d => d.Articles.Any(x => x.Id == "a") && d.Articles.Any(x => x.Id == "c")));
    }

    /// <summary>How many developments two reports make, the second <paramref name="hours"/> after the first.</summary>
    private static int DevelopmentsOf((string Id, string? Title, string Text) first, (string Id, string? Title, string Text) second, double hours) =>
        Group([Report(first.Id, first.Title, first.Text, Day), Report(second.Id, second.Title, second.Text, Day.AddHours(hours))]).Count;

    [TestMethod]
    public void Repatriations_by_two_countries_in_one_week_are_two_developments() =>
        Assert.AreEqual(2, DevelopmentsOf(
            ("uz", "Uzbekistan repatriates women and children from al-Hol", "Uzbekistan brought home 24 women and 61 children from al-Hol camp in north-east Syria on Tuesday, its foreign ministry said, in a repatriation flight from Qamishli."),
            ("kg", "Kyrgyzstan repatriates children from al-Hol", "Kyrgyzstan brought home 37 children from al-Hol camp in north-east Syria on Thursday, its foreign ministry said, in a repatriation flight from Qamishli."),
            30));

    [TestMethod]
    public void A_total_and_its_parts_are_one_figure_even_when_a_part_is_small() =>
        Assert.AreEqual(1, DevelopmentsOf(
            ("total", "Kazakhstan repatriates 31 women and children from Roj camp", "Kazakhstan repatriated 31 women and children, relatives of Islamic State fighters, from Roj camp in north-east Syria on Tuesday after the Autonomous Administration handed them over at the Semalka crossing."),
            ("parts", "Kazakh families handed over at Semalka", "The Autonomous Administration on Tuesday handed eight women and 23 children of Kazakh nationality, relatives of ISIS members held in Roj camp, to a Kazakh delegation at the Semalka crossing for repatriation."),
            4));

    [TestMethod]
    public void Two_sources_a_few_people_apart_tell_one_group()
    {
        Assert.AreEqual(1, DevelopmentsOf(
            ("forty", "40 sick and wounded ISIS detainees flown from Hasakah to Baghdad", "A US aircraft flew 40 sick and wounded ISIS detainees from a guarded hospital ward in Hasakah to Baghdad on Tuesday, an Iraqi security source said."),
            ("fortytwo", null, "US forces moved 42 ISIS detainees who were being treated in a hospital ward in Hasakah to Iraq on Tuesday morning, a medical source in the city said."),
            3));
        Assert.HasCount(2, Group([Article("a", Day, "Iraq receives 40 detainees", counts: 40), Article("b", Day.AddHours(2), "Iraq receives 46 detainees", counts: 46)]), "six apart are two groups");
    }

    [TestMethod]
    public void Reactions_by_different_speakers_on_one_day_are_different_developments()
    {
        var developments = Group(
        [
            Report("hrw", "Human Rights Watch criticises transfer of ISIS suspects from Syria to Iraq", "Human Rights Watch warned on Wednesday that Islamic State suspects moved from north-east Syria to Iraq risk unfair trials and the death penalty, in a statement.", Day),
            Report("hrw-ar", "هيومن رايتس ووتش تنتقد نقل معتقلي داعش من سوريا إلى العراق", "حذرت منظمة هيومن رايتس ووتش، الأربعاء، من أن المشتبه بانتمائهم إلى داعش المنقولين من شمال شرق سوريا إلى العراق يواجهون محاكمات غير عادلة، في بيان.", Day.AddHours(3)),
            Report("us", "US says Iraq can try ISIS suspects moved from Syria", "The State Department said on Wednesday that Iraq had the capacity to hold and try the Islamic State suspects moved from north-east Syria, a spokesperson told reporters.", Day.AddHours(5)),
        ]);

        Assert.HasCount(2, developments);
        var hrw = developments.Single(d => d.Articles.Any(a => a.Id == "hrw"));
        CollectionAssert.AreEquivalent(new[] { "hrw", "hrw-ar" }, hrw.Articles.Select(a => a.Id).ToArray());
        Assert.AreEqual("statement", hrw.Type);
    }

    [TestMethod]
    public void Two_statements_by_different_speakers_are_kept_apart_with_both_named()
    {
        var scorer = new JoinScore(Rules);
        var a = scorer.Prepare(Report("hrw", "Human Rights Watch criticises transfer of ISIS suspects from Syria to Iraq", "Human Rights Watch warned on Wednesday that Islamic State suspects moved from north-east Syria to Iraq risk unfair trials, in a statement.", Day));
        var b = scorer.Prepare(Report("us", "US says Iraq can try ISIS suspects moved from Syria", "The State Department said on Wednesday that Iraq had the capacity to try the Islamic State suspects moved from north-east Syria, a spokesperson told reporters.", Day.AddHours(2)));

        var pair = scorer.Score(a, b);

        Assert.IsFalse(scorer.Joins(pair));
        StringAssert.Contains(pair.Apart, "human-rights-watch");
        StringAssert.Contains(pair.Apart, "us-government");
    }

    [TestMethod]
    public void Articles_further_apart_than_the_longest_gap_are_never_joined()
    {
        var gap = TimeSpan.FromHours(Rules.MaxGapHours);
        var apart = Group([Article("a", Day, "Iraq receives 150 detainees", counts: 150), Article("b", Day + gap + TimeSpan.FromMinutes(1), "Iraq receives 150 detainees", counts: 150)]);

        Assert.HasCount(2, apart);
    }

    [TestMethod]
    public void An_undated_aggregator_copy_joins_its_story_by_content_alone()
    {
        const string Text = "The US military moved 150 Islamic State detainees from a detention facility in Hasakah, Syria, to a secure location in Iraq, CENTCOM said. Up to 7,000 detainees may ultimately be transferred, officials said.";
        var developments = Group(
        [
            Report("wire", "US moves 150 ISIS detainees from Syria to Iraq", Text, Day),
            Report("copy", null, "Syndicated content\n" + Text + "\nSign up for our newsletter.", null, "aggregator"),
        ]);

        Assert.HasCount(1, developments);
        Assert.IsTrue(developments[0].Articles.Single(a => a.Id == "copy").JoinedBy!.Reasons.Any(r => r.StartsWith("near-duplicate", StringComparison.Ordinal)));
        Assert.AreEqual(Day, developments[0].FirstSeen, "an estimated time does not move the development");
    }

    [TestMethod]
    public void An_undated_report_with_only_places_in_common_stays_apart()
    {
        var developments = Group(
        [
            Report("dated", "France repatriates women and children from Roj camp", "France repatriated five women and 14 children from Roj camp in north-east Syria on Tuesday, the foreign ministry in Paris said.", Day),
            Report("undated", "SDF hands Roj camp to Syrian government", "The SDF handed over Roj camp in north-east Syria, where wives and children of Islamic State fighters are held, to the Syrian interior ministry in a ceremony, officials said.", null),
        ]);

        Assert.HasCount(2, developments);
    }

    [TestMethod]
    public void The_headline_is_the_title_of_the_most_relevant_article()
    {
        var developments = Group(
        [
            Article("a", Day, "Weaker", score: 0.6, counts: 150),
            Article("b", Day.AddHours(1), "Stronger", score: 0.9, counts: 150),
            Article("c", Day.AddHours(2), null, score: 0.99, counts: 150),
        ]);

        Assert.HasCount(1, developments);
        Assert.AreEqual("Stronger", developments[0].Headline);
    }

    [TestMethod]
    public void On_a_tied_score_the_headline_is_the_earliest_title()
    {
        var developments = Group(
        [
            Article("late", Day.AddHours(1), "Later", score: 0.8, counts: 150),
            Article("early", Day, "Earlier", score: 0.8, counts: 150),
        ]);

        Assert.AreEqual("Earlier", developments.Single().Headline);
    }

    [TestMethod]
    public void The_id_is_a_stable_hash_of_the_earliest_article_and_stays_as_the_development_grows()
    {
        DevelopmentArticle[] articles = [Article("late", Day.AddHours(1), counts: 150), Article("early", Day, counts: 150)];

        var first = Group(articles).Single();
        var second = Group(articles.Reverse()).Single();
        var grown = Group([.. articles, Article("later", Day.AddHours(5), counts: 150)]).Single();

        Assert.AreEqual(TableKeys.Hash("early"), first.Id);
        Assert.AreEqual(first.Id, second.Id);
        Assert.AreEqual(first.Id, grown.Id);
        CollectionAssert.AreEqual(new[] { "early", "late" }, first.Articles.Select(a => a.Id).ToArray());
    }

    [TestMethod]
    public void Developments_are_sorted_by_last_update_newest_first()
    {
        var developments = Group(
        [
            Article("old", Day, "Old story about one thing"),
            Article("new", Day.AddDays(10), "New story about another"),
            Article("middle", Day.AddDays(5), "Middle story on a third"),
        ]);

        CollectionAssert.AreEqual(new[] { "new", "middle", "old" }, developments.Select(d => d.Articles[0].Id).ToArray());
    }

    [TestMethod]
    public void A_development_without_titles_gets_a_placeholder_headline()
    {
        var development = Group([Article("a", Day)]).Single();

        Assert.AreEqual(DevelopmentBuilder.UntitledHeadline, development.Headline);
        Assert.IsNull(development.Articles[0].JoinedBy, "an article alone has no link");
    }

    [TestMethod]
    public void No_articles_give_no_developments()
    {
        Assert.IsEmpty(Group([]));
    }

    /// <summary>Seed 003's page through the offline digest's reading: each relevant story of it on its own, teasers marked.</summary>
    private static List<DevelopmentArticle> Page(DateTimeOffset? published, string source = "aawsat") =>
        Monitor.Core.Digests.OfflineDigest.Articles(
            [new Monitor.Core.Classification.BatchArticle { Id = "seed-003", Text = TestData.Seed(3), Published = published, Source = source }],
            Topics.Classifier,
            Topics.Catalog.Find(Topics.DetaineeTransfers)!,
            null,
            null,
            Day.AddDays(30));

    [TestMethod]
    public void A_teaser_and_the_full_story_of_the_same_page_that_tell_the_same_news_are_one_development()
    {
        var page = Page(null);
        var teaser = page.Single(a => a.Teaser && a.Title!.StartsWith("«سنهرب ونقتلكم»", StringComparison.Ordinal));
        var story = page.Single(a => !a.Teaser && a.Title == "سجناء «داعش» يهددون الأمن العراقي");

        var developments = Group(page);

        var joined = developments.Single(d => d.Articles.Any(a => a.Key == story.Key));
        CollectionAssert.AreEquivalent(new[] { teaser.Key, story.Key }, joined.Articles.Select(a => a.Key).ToArray());
        Assert.AreEqual("سجناء «داعش» يهددون الأمن العراقي", joined.Headline, "the full story heads it");
        Assert.IsTrue(joined.Articles.Single(a => a.Teaser).JoinedBy!.Reasons.Contains("teaser of a story on the same page"));
        var received = page.Single(a => a.Teaser && a.Title!.Contains("2250", StringComparison.Ordinal));
        Assert.IsTrue(developments.Any(d => d.Articles.Count == 1 && d.Articles[0].Key == received.Key), "the teaser of other news stays apart");
    }

    [TestMethod]
    public void A_teaser_joins_the_full_story_the_same_outlet_published_within_a_day_and_not_days_later()
    {
        var (title, body) = Topics.Seed003Story("story-prisoners-threaten");
        var scorer = new JoinScore(Rules);
        var teaser = Page(Day).Single(a => a.Teaser && a.Title!.StartsWith("«سنهرب ونقتلكم»", StringComparison.Ordinal));
        double TeaserFeature(double hours, string outlet) =>
            scorer.Score(scorer.Prepare(teaser), scorer.Prepare(Report("story", title, body, Day.AddHours(hours), outlet))).Features[(int)JoinFeature.TeaserOfStory];

        var sameDay = Group([teaser, Report("story", title, body, Day.AddHours(6), "aawsat")]);

        Assert.HasCount(1, sameDay);
        Assert.IsTrue(sameDay[0].Articles.Single(a => a.Teaser).JoinedBy!.Reasons.Contains("teaser of a story of the same outlet"));
        Assert.AreEqual(1, TeaserFeature(20, "aawsat"), "same outlet, within a day");
        Assert.AreEqual(0, TeaserFeature(30, "aawsat"), "same outlet, a day and more later");
        Assert.AreEqual(0, TeaserFeature(6, "rudaw"), "another outlet");
        Assert.HasCount(2, Group([teaser, Report("story", title, body, Day.AddDays(3), "aawsat")]), "three days later");
    }
}
