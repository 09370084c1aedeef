using Monitor.Core.Classification;
using Monitor.Core.Developments;
using Monitor.Core.Digests;
using Monitor.Core.Tests.Classification;

namespace Monitor.Core.Tests.Developments;

/// <summary>
/// Grouping is a function of the set of articles: the same articles in any order give the same
/// developments (ids, articles, figures, links), on the seeds, the team's labelled set and
/// generated bursts.
/// </summary>
[TestClass]
public sealed class GroupingOrderTests
{
    private const int Shuffles = 25;

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static GroupingRules Rules => Topics.Catalog.Find(Topics.DetaineeTransfers)!.Grouping;

    private static List<DevelopmentArticle> FromFile(params string[] path)
    {
        var input = File.ReadLines(TestData.PathOf(path)).Select((line, i) => BatchArticle.Parse(line, i + 1)).ToList();
        return OfflineDigest.Articles(input, Topics.Classifier, Topics.Catalog.Find(Topics.DetaineeTransfers)!, null, null, Now);
    }

    private static List<DevelopmentArticle> Seeds() =>
    [
        .. FromFile("developments", "fit.jsonl").Where(a => a.Id.StartsWith("seed-", StringComparison.Ordinal)),
        .. FromFile("developments", "held.jsonl").Where(a => a.Id.StartsWith("seed-", StringComparison.Ordinal)),
    ];

    /// <summary>
    /// A burst: many reports of many events in a few days, in two languages, some undated, some
    /// near-duplicates of others, with figures that repeat across events (background) and differ
    /// within one (2,250 and 2,225).
    /// </summary>
    private static List<DevelopmentArticle> Burst(int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
        string[] places = ["hasakah", "al-hol", "roj", "derik", "ghwayran", "al-jadaa", "shaddadi"];
        string[] actors = ["centcom", "sdf", "iraqi-government", "syrian-government", "global-coalition", "unicef"];
        string[] themes = ["convoy", "flight", "court", "memorandum", "visit", "children", "running-total"];
        string[] types = ["transfer", "repatriation", "facility_handover", "statement", "plan_or_agreement"];
        var articles = new List<DevelopmentArticle>();
        for (var e = 0; e < 30; e++)
        {
            var time = start.AddHours(random.Next(0, 24 * 10));
            var figure = random.Next(30, 3000);
            var place = places[random.Next(places.Length)];
            var actor = actors[random.Next(actors.Length)];
            var theme = themes[random.Next(themes.Length)];
            var type = types[random.Next(types.Length)];
            var reports = random.Next(1, 8);
            for (var r = 0; r < reports; r++)
            {
                var language = random.Next(3) == 0 ? "en" : "ar";
                var value = random.Next(4) == 0 ? figure - random.Next(0, figure / 50 + 1) : figure;
                var undated = random.Next(8) == 0;
                var words = $"{theme} {place} {actor} {value} report {e} {(r % 2 == 0 ? "wire" : "rewrite " + r)} " + string.Join(' ', Enumerable.Range(0, 30).Select(i => $"w{(e * 7 + i) % 40}"));
                articles.Add(new DevelopmentArticle($"b{seed}-{e}-{r}", random.Next(5) == 0 ? null : $"Title {e} {theme}", null, "src" + r, "Source " + r, language, undated ? start.AddDays(20) : time.AddHours(random.Next(0, 30)), Math.Round(0.5 + (random.NextDouble() / 2), 3))
                {
                    PublishedEstimated = undated,
                    Type = random.Next(4) == 0 ? types[random.Next(types.Length)] : type,
                    Figures =
                    [
                        new StatedFigure(value, random.Next(3) == 0 ? "approx" : "exact", "detainees", value + " detainees") { Lead = random.Next(3) > 0 },
                        new StatedFigure(150, "exact", "detainees", "150 detainees"),
                        new StatedFigure(7000, "up_to", "detainees", "up to 7,000"),
                    ],
                    Places = [place, "iraq", places[random.Next(places.Length)]],
                    LeadPlaces = [place],
                    Actors = [actor],
                    LeadActors = random.Next(2) == 0 ? [actor] : [],
                    Themes = [theme, themes[random.Next(themes.Length)]],
                    LeadThemes = [theme],
                    Signature = TextSignature.Of(words),
                });
            }
        }

        return articles;
    }

    /// <summary>Everything that must not depend on order: ids, articles (with links), figures, type.</summary>
    private static string Fingerprint(IReadOnlyList<Development> developments) =>
        string.Join("\n", developments.Select(d =>
            $"{d.Id} {d.Type} [{string.Join(",", d.Articles.Select(a => $"{a.Key}<{a.JoinedBy?.Article}:{a.JoinedBy?.Score}>"))}] " +
            $"{string.Join(",", d.Figures.Select(f => $"{f.Value}{f.Qualifier}{f.What}/{f.Sources.Count}"))} {d.Headline}"));

    private static void AssertOrderFree(List<DevelopmentArticle> articles, int seed)
    {
        var grouper = new DevelopmentGrouper(Rules);
        var expected = Fingerprint(grouper.Developments(articles));
        var random = new Random(seed);
        for (var i = 0; i < Shuffles; i++)
        {
            var shuffled = articles.OrderBy(_ => random.Next()).ToList();
            Assert.AreEqual(expected, Fingerprint(grouper.Developments(shuffled)), $"shuffle {i}");
        }
    }

    [TestMethod]
    public void The_seeds_give_the_same_developments_in_any_order() => AssertOrderFree(Seeds(), 1);

    [TestMethod]
    public void A_page_whose_teaser_joins_its_story_gives_the_same_developments_in_any_order()
    {
        var input = Enumerable.Range(0, 5).Select(n => new BatchArticle { Id = $"seed-{n:D3}", Text = TestData.Seed(n), Source = n == 3 ? "aawsat" : $"outlet-{n}" }).ToList();
        var articles = OfflineDigest.Articles(input, Topics.Classifier, Topics.Catalog.Find(Topics.DetaineeTransfers)!, null, null, Now);

        Assert.IsTrue(new DevelopmentGrouper(Rules).Developments(articles).Any(d => d.Articles.Any(a => a.Teaser) && d.Articles.Any(a => !a.Teaser && a.Id == "seed-003")), "the teaser joins its story");
        AssertOrderFree(articles, 6);
    }

    [TestMethod]
    public void The_labelled_set_gives_the_same_developments_in_any_order() =>
        AssertOrderFree([.. FromFile("developments", "fit.jsonl"), .. FromFile("developments", "held.jsonl")], 2);

    [TestMethod]
    public void Generated_bursts_give_the_same_developments_in_any_order()
    {
        foreach (var seed in new[] { 3, 4, 5 })
        {
            var burst = Burst(seed);
            Assert.IsGreaterThan(60, burst.Count);
            AssertOrderFree(burst, seed);
        }
    }

    [TestMethod]
    public void A_burst_groups_into_several_developments_none_of_them_mixing_clashing_lead_counts()
    {
        var developments = new DevelopmentGrouper(Rules).Developments(Burst(7));
        var scorer = new JoinScore(Rules);

        Assert.IsGreaterThan(10, developments.Count);
        foreach (var development in developments)
        {
            var prepared = development.Articles.Select(scorer.Prepare).ToList();
            for (var i = 0; i < prepared.Count; i++)
            {
                for (var j = i + 1; j < prepared.Count; j++)
                {
                    Assert.IsNull(scorer.Score(prepared[i], prepared[j]).Apart, $"{development.Id}: {prepared[i].Article.Key} and {prepared[j].Article.Key} are kept apart yet together");
                }
            }
        }
    }
}
