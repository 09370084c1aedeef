using Monitor.Core.Classification;
using Monitor.Core.Developments;
using Monitor.Core.Digests;
using Monitor.Core.Tests.Classification;

namespace Monitor.Core.Tests.Digests;

/// <summary>The seed articles through <c>monitor digest</c>'s core: classified, grouped, filtered.</summary>
[TestClass]
public sealed class OfflineDigestTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Jan23 = new(2026, 1, 23, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The five seeds as input lines, with no title; 003 gives no date, as the seeds' README says,
    /// and 002 is given the day after 000 (an undated report joins by content alone, see
    /// <c>DevelopmentGrouperTests</c>).
    /// </summary>
    internal static List<BatchArticle> Seeds() =>
    [
        new() { Id = "seed-000", Text = TestData.Seed(0), Published = Jan23, Source = "news-ar" },
        new() { Id = "seed-001", Text = TestData.Seed(1), Published = Jan23.AddHours(2), Source = "news-en" },
        new() { Id = "seed-002", Text = TestData.Seed(2), Published = Jan23.AddHours(20), Source = "alarab" },
        new() { Id = "seed-003", Text = TestData.Seed(3), Source = "aawsat" },
        new() { Id = "seed-004", Text = TestData.Seed(4), Published = new DateTimeOffset(2026, 2, 9, 0, 0, 0, TimeSpan.Zero), Source = "shafaq" },
    ];

    /// <summary>
    /// The five seeds as a new user puts them in a file, with no date: as they are (no title), with
    /// their first line as the title (a date line, a by-line, a dateline: what a scraper calls the
    /// title), or behind a dateline of their own, Arabic or English by the seed's language.
    /// </summary>
    private static List<BatchArticle> SeedsWritten(string how) =>
    [
        .. Enumerable.Range(0, 5).Select(n =>
        {
            var text = TestData.Seed(n);
            var id = $"seed-{n:D3}";
            var source = $"outlet-{n}";
            switch (how)
            {
                case "first line as title":
                    var lines = text.Trim().Split('\n', 2);
                    return new BatchArticle { Id = id, Title = lines[0], Text = lines[1], Source = source };
                case "dateline first":
                    var dateline = n == 1 ? "WASHINGTON (Levant Wire) —" : "واشنطن - «المنتدى نيوز»";
                    return new BatchArticle { Id = id, Text = dateline + "\n" + text, Source = source };
                default:
                    return new BatchArticle { Id = id, Text = text, Source = source };
            }
        }),
    ];

    /// <summary>What a dateline, a by-line or an agency tag of the seeds (or of their variants) starts with.</summary>
    private static readonly string[] Furniture = ["date 20", "شفق نيوز", "كتب :", "العرب نيوز", "مصطفى هاشم", "WASHINGTON", "واشنطن - «", "(untitled)"];

    private static void AssertHeadsTellNews(string headline)
    {
        Assert.IsFalse(Datelines.IsFurniture(headline), headline);
        foreach (var tag in Furniture)
        {
            Assert.IsFalse(headline.TrimStart().StartsWith(tag, StringComparison.Ordinal), $"«{headline}» starts with «{tag}»");
        }
    }

    internal static Digest Build(IReadOnlyList<BatchArticle> input, DigestFilters? filters = null, DateTimeOffset? since = null, DateTimeOffset? until = null) =>
        OfflineDigest.Build(input, Topics.Classifier, Topics.Catalog.Find(Topics.DetaineeTransfers)!, filters ?? DigestFilters.None with { Limit = 500 }, since, until, Now);

    internal static Development WithArticle(Digest digest, string id, int? story = null) =>
        digest.Developments.Single(d => d.Articles.Any(a => a.Id == id && a.Story == story));

    [TestMethod]
    public void Seeds_000_001_and_002_form_one_development_in_both_languages_with_150_and_up_to_7000()
    {
        var digest = Build(Seeds());

        var transfer = WithArticle(digest, "seed-000");
        CollectionAssert.AreEquivalent(new[] { "seed-000", "seed-001", "seed-002" }, transfer.Articles.Select(a => a.Id).ToArray());
        CollectionAssert.AreEqual(new[] { "ar", "en" }, transfer.Languages.ToArray());
        Assert.IsTrue(transfer.Figures.Any(f => f.Value == 150 && f.What == "detainees"), "150 detainees");
        Assert.IsTrue(transfer.Figures.Any(f => f.Value == 7000 && f.Qualifier == CountFact.UpTo), "up to 7,000");
        Assert.AreEqual("transfer", transfer.Type);
        Assert.AreEqual(Jan23, transfer.FirstSeen);
    }

    [TestMethod]
    public void Seed_004_forms_its_own_development()
    {
        var digest = Build(Seeds());

        var coalition = WithArticle(digest, "seed-004");
        CollectionAssert.AreEqual(new[] { "seed-004" }, coalition.Articles.Select(a => a.Id).ToArray());
    }

    [TestMethod]
    public void Seed_003s_2250_report_and_its_prisoners_story_are_developments_and_its_other_stories_appear_nowhere()
    {
        var digest = Build(Seeds());

        var fromPage = digest.Developments.SelectMany(d => d.Articles).Where(a => a.Id == "seed-003").ToList();
        Assert.IsTrue(fromPage.All(a => a.Story is not null), "each part of the page is one of its stories");
        var received = digest.Developments.Single(d => d.Articles.Any(a => a.Id == "seed-003" && a.Title!.Contains("2250", StringComparison.Ordinal)));
        Assert.IsTrue(received.Figures.Any(f => f.Value == 2250));
        Assert.IsTrue(fromPage.Any(a => a.Title!.Contains("سجناء «داعش» يهددون", StringComparison.Ordinal)), "the prisoners-threaten story");
        Assert.IsFalse(received.Articles.Any(a => a.Id.StartsWith("seed-00", StringComparison.Ordinal) && a.Id != "seed-003"), "2,250 joins no other seed");

        var everything = DigestRenderer.ToJson(digest);
        foreach (var unrelated in new[] { "حزب الله", "حماس", "مبيعات عسكرية", "المالكي", "باريس", "كركوك" })
        {
            Assert.IsFalse(fromPage.Any(a => (a.Title ?? "").Contains(unrelated, StringComparison.Ordinal)), unrelated);
        }

        Assert.DoesNotContain("قاسم يُحكم السيطرة", everything);
        Assert.DoesNotContain("فنالت إشادات من ترمب", everything);
    }

    [TestMethod]
    public void Every_input_article_is_covered_and_articles_without_a_date_or_title_are_handled()
    {
        var digest = Build(Seeds());

        var ids = digest.Developments.SelectMany(d => d.Articles).Select(a => a.Id).ToHashSet();
        CollectionAssert.IsSubsetOf(new[] { "seed-000", "seed-001", "seed-002", "seed-003", "seed-004" }, ids.ToArray());
        var undated = digest.Developments.SelectMany(d => d.Articles).Where(a => a.Id == "seed-003").ToList();
        Assert.IsTrue(undated.Count > 0 && undated.All(a => a.PublishedEstimated), "the page with no date is placed at an estimated time");
        Assert.IsTrue(digest.Developments.All(d => !string.IsNullOrWhiteSpace(d.Headline)));
    }

    [TestMethod]
    public void Since_and_until_keep_only_the_articles_published_in_the_window()
    {
        var digest = Build(Seeds(), since: Jan23.AddHours(1), until: Jan23.AddDays(1));

        var ids = digest.Developments.SelectMany(d => d.Articles).Select(a => a.Id).Distinct().ToList();
        CollectionAssert.DoesNotContain(ids, "seed-000");
        CollectionAssert.DoesNotContain(ids, "seed-004");
        CollectionAssert.Contains(ids, "seed-001");
    }

    [TestMethod]
    public void Not_relevant_articles_appear_nowhere()
    {
        var input = Seeds();
        input.Add(new BatchArticle { Id = "football", Title = "Barcelona completes transfer of striker", Text = "The club confirmed the transfer fee of 60 million euros on Tuesday.", Published = Jan23 });

        var digest = Build(input);

        Assert.IsFalse(digest.Developments.SelectMany(d => d.Articles).Any(a => a.Id == "football"));
    }

    [TestMethod]
    public void The_language_filter_gives_arabic_headlines_where_there_are_some()
    {
        var digest = Build(Seeds(), DigestFilters.None with { Language = "en" });

        Assert.IsTrue(digest.Developments.All(d => d.Languages.Contains("en")));
        Assert.AreEqual("en", digest.Language);
    }

    [TestMethod]
    public void The_series_carry_the_seed_figures_with_their_sources()
    {
        var digest = Build(Seeds());

        var moved = digest.Series.Single(s => s.Key == FigureSeries.Moved);
        Assert.IsTrue(moved.Points.Any(p => p.Value == 150 && p.ArticleId == "seed-000" && p.Reports == 3), "150 on 23 January, by seed 000 first, seed 001 too and seed 002's about 150 that evening");
        var planned = digest.Series.Single(s => s.Key == FigureSeries.Planned);
        Assert.IsTrue(planned.Points.Any(p => p.Value == 7000));
    }

    [TestMethod]
    public void Every_article_of_a_development_of_several_carries_its_join_reasons_in_json()
    {
        using var json = System.Text.Json.JsonDocument.Parse(DigestRenderer.ToJson(Build(Seeds())));

        var developments = json.RootElement.GetProperty("developments").EnumerateArray().ToList();
        Assert.IsTrue(developments.Any(d => d.GetProperty("articles").GetArrayLength() > 1));
        foreach (var development in developments)
        {
            var several = development.GetProperty("articles").GetArrayLength() > 1;
            foreach (var article in development.GetProperty("articles").EnumerateArray())
            {
                var joined = article.GetProperty("joinedBy");
                Assert.AreEqual(several, joined.ValueKind == System.Text.Json.JsonValueKind.Object, article.GetProperty("id").GetString());
                if (several)
                {
                    Assert.IsGreaterThan(0, joined.GetProperty("reasons").GetArrayLength());
                    Assert.IsTrue(development.GetProperty("articles").EnumerateArray().Any(a => joined.GetProperty("article").GetString()!.StartsWith(a.GetProperty("id").GetString()!, StringComparison.Ordinal)), "the link names another article of the development");
                }
            }
        }
    }

    [TestMethod]
    [DataRow("untitled")]
    [DataRow("first line as title")]
    [DataRow("dateline first")]
    public void No_development_or_article_of_the_seeds_is_headed_by_a_dateline_a_by_line_or_an_agency_tag(string how)
    {
        var digest = Build(SeedsWritten(how));

        Assert.IsGreaterThanOrEqualTo(4, digest.Developments.Count);
        foreach (var development in digest.Developments)
        {
            AssertHeadsTellNews(digest.HeadlineOf(development));
            AssertHeadsTellNews(development.Summary!);
            foreach (var article in development.Articles)
            {
                AssertHeadsTellNews(article.Headline);
            }
        }

        foreach (var line in DigestRenderer.ToMarkdown(digest).Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal) || l.StartsWith("- ", StringComparison.Ordinal)))
        {
            Assert.IsFalse(Furniture.Any(tag => line.Contains(tag.Replace("(", "\\(", StringComparison.Ordinal), StringComparison.Ordinal)), line);
        }
    }

    [TestMethod]
    [DataRow("untitled")]
    [DataRow("first line as title")]
    public void A_title_less_seed_is_headed_by_the_first_sentence_that_carries_its_news(string how)
    {
        var digest = Build(SeedsWritten(how));

        Assert.StartsWith("في تطور إستراتيجي يعيد رسم خريطة التحالفات الأمنية، أعلن", WithArticle(digest, "seed-004").Headline);
        var alArab = WithArticle(digest, "seed-002").Articles.Single(a => a.Id == "seed-002");
        Assert.IsNull(alArab.Title, "a by-line is no title");
        Assert.StartsWith("أعلنت السلطات العراقية بالتنسيق مع القيادة العسكرية الأميركية", alArab.Headline);
        Assert.StartsWith("U.S. Secretary of State Marco Rubio expressed", WithArticle(digest, "seed-001").Articles.Single(a => a.Id == "seed-001").Headline);
    }

    [TestMethod]
    [DataRow("untitled")]
    [DataRow("first line as title")]
    public void Seeds_000_001_and_004_carry_the_date_their_text_gives_marked_as_read_from_the_text(string how)
    {
        var digest = Build(SeedsWritten(how));

        var articles = digest.Developments.SelectMany(d => d.Articles).ToDictionary(a => a.Key);
        foreach (var (id, month, day) in new[] { ("seed-000", 1, 23), ("seed-001", 1, 23), ("seed-004", 2, 9) })
        {
            Assert.AreEqual(new DateTimeOffset(2026, month, day, 12, 0, 0, TimeSpan.Zero), articles[id].Published, id);
            Assert.AreEqual(DateSources.Text, articles[id].DateSource, id);
            Assert.IsFalse(articles[id].PublishedEstimated, id);
        }

        Assert.AreEqual(DateSources.Estimated, articles["seed-002"].DateSource, "seed 002 gives no date");
        Assert.AreEqual(new DateTimeOffset(2026, 1, 23, 12, 0, 0, TimeSpan.Zero), WithArticle(digest, "seed-000").FirstSeen);
        Assert.IsTrue(digest.Series.SelectMany(s => s.Points).All(p => p.Date.Year == 2026 && p.Date.Month <= 2), "the chart puts each figure on its text's date, not on today");

        using var json = System.Text.Json.JsonDocument.Parse(DigestRenderer.ToJson(digest));
        var sources = json.RootElement.GetProperty("developments").EnumerateArray().SelectMany(d => d.GetProperty("articles").EnumerateArray())
            .Where(a => a.GetProperty("story").ValueKind == System.Text.Json.JsonValueKind.Null)
            .ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("dateSource").GetString());
        Assert.AreEqual("text", sources["seed-004"]);
        Assert.AreEqual("estimated", sources["seed-002"]);
        StringAssert.Contains(DigestRenderer.ToMarkdown(digest), "2026-02-09 12:00 UTC (date from the text)");
    }

    [TestMethod]
    public void A_feeds_date_wins_over_the_texts()
    {
        var digest = Build(Seeds());

        var seed000 = WithArticle(digest, "seed-000").Articles.Single(a => a.Id == "seed-000");
        Assert.AreEqual(Jan23, seed000.Published);
        Assert.AreEqual(DateSources.Feed, seed000.DateSource);
    }
    /// <summary>The seeds with the titles their outlets gave them (the demo feeds carry the same), 003 a page of titled stories.</summary>
    private static List<BatchArticle> TitledSeeds()
    {
        var titles = new Dictionary<string, string>
        {
            ["seed-000"] = "روبيو يرحب بمبادرة العراق لاحتجاز عناصر داعش… ونقل 150 محتجزاً من الحسكة",
            ["seed-001"] = "US moves 150 ISIS detainees from Syria's Hasakah to Iraq; up to 7,000 may follow",
            ["seed-002"] = "تعاون عراقي-أميركي لمنع انبعاث «داعش»: نقل أول دفعة من نحو 150 معتقلاً من سوريا إلى العراق",
            ["seed-004"] = "التحالف الدولي يرحب بسوريا عضواً رقم 90 ويؤكد: نقل محتجزي \"داعش\" إلى العهدة العراقية أساسي للأمن الإقليمي",
        };
        return [.. Seeds().Select(a => titles.TryGetValue(a.Id!, out var title) ? a with { Title = title } : a)];
    }

    [TestMethod]
    [DataRow("en")]
    [DataRow("ar")]
    public void With_a_readers_language_every_seed_development_is_headed_in_it_by_a_title_where_one_exists_else_by_its_fact_line(string hl)
    {
        var asPublished = Build(TitledSeeds());
        var digest = Build(TitledSeeds(), DigestFilters.None with { Limit = 500, ReaderLanguage = hl });

        CollectionAssert.AreEquivalent(asPublished.Developments.Select(d => d.Id).ToArray(), digest.Developments.Select(d => d.Id).ToArray(), "hl filters nothing");
        Assert.IsGreaterThanOrEqualTo(3, digest.Developments.Count);
        foreach (var development in digest.Developments)
        {
            var headline = digest.HeadlineFor(development);
            var what = $"{development.Id} ({string.Join(", ", development.Articles.Select(a => a.Key))}): {headline.Text}";
            Assert.AreEqual(hl, headline.Language, what);
            Assert.IsTrue(hl == "en" ? IsEnglish(headline.Text) : IsArabic(headline.Text), what);
            if (development.Headlines.TryGetValue(hl, out var title))
            {
                Assert.AreEqual(title, headline.Text, what);
                Assert.IsFalse(headline.Generated, what);
            }
            else
            {
                Assert.AreEqual(development.FactLines![hl], headline.Text, what);
                Assert.IsTrue(headline.Generated, what);
            }
        }

        var transfer = WithArticle(digest, "seed-001");
        Assert.IsFalse(digest.HeadlineFor(transfer).Generated, "seeds 000, 001 and 002 have a title in each language");
        Assert.AreEqual(hl == "en", digest.HeadlineFor(WithArticle(digest, "seed-004")).Generated, "seed 004 is in Arabic only");
    }

    [TestMethod]
    public void With_hl_en_the_arabic_only_coalition_statement_gets_an_english_summary_generated_from_its_facts()
    {
        var digest = Build(TitledSeeds(), DigestFilters.None with { Limit = 500, ReaderLanguage = "en" });

        var coalition = WithArticle(digest, "seed-004");
        var summary = digest.SummaryFor(coalition)!;
        Assert.IsTrue(summary.Generated);
        Assert.IsTrue(IsEnglish(summary.Text), summary.Text);
        StringAssert.Contains(summary.Text, "the Global Coalition");
        Assert.IsNull(digest.SummaryUnderHeadline(coalition), "a fact line is not shown twice");
    }

    [TestMethod]
    public void The_language_filter_still_filters_and_the_readers_language_sets_the_headlines()
    {
        var digest = Build(TitledSeeds(), DigestFilters.None with { Limit = 500, Language = "en", ReaderLanguage = "ar" });

        Assert.IsTrue(digest.Developments.All(d => d.Languages.Contains("en")));
        Assert.IsTrue(digest.Developments.All(d => IsArabic(digest.HeadlineOf(d))));
    }

    [TestMethod]
    public async Task The_seed_digest_as_csv_opens_in_pythons_csv_module_with_one_row_per_article()
    {
        var digest = Build(TitledSeeds(), DigestFilters.None with { Limit = 500, ReaderLanguage = "en" });
        var path = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "seeds-digest.csv");
        await File.WriteAllTextAsync(path, DigestCsv.ToCsv(digest), new System.Text.UTF8Encoding(false));

        var rows = await PythonCsv.RowsAsync(path);

        Assert.HasCount(1 + digest.Developments.Sum(d => d.Articles.Count), rows);
        var ids = rows.Skip(1).Select(r => r[DigestCsv.Columns.ToList().IndexOf("article_id")]).ToHashSet();
        CollectionAssert.IsSubsetOf(new[] { "seed-000", "seed-001", "seed-002", "seed-003", "seed-004" }, ids.ToArray());
        TestContext.WriteLine($"CSV of the seeds: {path}");
    }

    private static bool IsEnglish(string text) => text.Any(char.IsAsciiLetter) && !text.Any(c => c is >= '\u0600' and <= '\u06FF');

    private static bool IsArabic(string text) =>
        text.Count(c => c is >= '\u0600' and <= '\u06FF' && char.IsLetter(c)) > text.Count(char.IsAsciiLetter);
}
