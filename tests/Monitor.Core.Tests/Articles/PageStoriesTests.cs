using Monitor.Core.Articles;

namespace Monitor.Core.Tests.Articles;

[TestClass]
public sealed class PageStoriesTests
{
    private static readonly string[] NotInTheMainStory = ["حزب الله", "حماس", "مبيعات", "المالكي", "باريس", "2250"];

    [TestMethod]
    public void Seed_003_has_a_main_story_about_iraq_us_cooperation_and_the_kirkuk_raid()
    {
        var stories = PageStories.Split(TestData.Seed(3));

        var main = stories.Single(s => s.Kind == PageStoryKind.Main);
        Assert.AreSame(main, stories[0]);
        Assert.AreEqual("العراق يستأنف تعاونه الثنائي مع واشنطن لملاحقة خلايا «داعش»", main.Title);
        Assert.StartsWith("أعلنت السلطات العراقية أن التحالف الدولي قد أوشك على إنهاء مهامه", main.Text);
        Assert.Contains("كركوك", main.Text);
        Assert.Contains("هدف ثمين", main.Text);
        Assert.EndsWith("ومنع تسلل العناصر الإرهابية».", main.Text);
    }

    [TestMethod]
    public void Seed_003_main_story_has_none_of_the_teasers_or_other_stories()
    {
        var main = PageStories.Split(TestData.Seed(3)).Single(s => s.Kind == PageStoryKind.Main);

        foreach (var words in NotInTheMainStory)
        {
            Assert.DoesNotContain(words, main.Text, $"main story contains «{words}»");
        }

        Assert.DoesNotContain("مقالات ذات صلة", main.Text);
        Assert.DoesNotContain("TT", main.Text);
        Assert.DoesNotContain(main.Title, main.Text);
    }

    [TestMethod]
    public void Seed_003_further_full_stories_are_split_off_as_stories()
    {
        var stories = PageStories.Split(TestData.Seed(3)).Where(s => s.Kind == PageStoryKind.Story).ToList();

        Assert.HasCount(3, stories);
        Assert.AreEqual("قاسم يُحكم السيطرة على مفاصل «حزب الله»", stories[0].Title);
        Assert.StartsWith("يُحاول أمين عام «حزب الله»، نعيم قاسم", stories[0].Text);
        Assert.AreEqual("سجناء «داعش» يهددون الأمن العراقي", stories[1].Title);
        Assert.StartsWith("كشفت مصادر أمنية عن أن سجناء من تنظيم «داعش»", stories[1].Text);
        Assert.AreEqual("«حماس» سلّمت المختطفين فنالت إشادات من ترمب", stories[2].Title);
        Assert.Contains("بحركة «حماس»", stories[2].Text);
        Assert.DoesNotContain("حماس", stories[0].Text + stories[1].Text);
        Assert.DoesNotContain("حزب الله", stories[1].Text + stories[2].Text);
    }

    [TestMethod]
    public void Seed_003_related_articles_are_teasers_with_their_ledes()
    {
        var teasers = PageStories.Split(TestData.Seed(3)).Where(s => s.Kind == PageStoryKind.Teaser).ToList();

        CollectionAssert.AreEqual(
            new[]
            {
                "«سنهرب ونقتلكم»... حراس عراقيون يتلقون تهديدات من سجناء «داعش»",
                "واشنطن توافق على مبيعات عسكرية للعراق بـ90 مليون دولار",
                "حزب المالكي يؤكد التمسك بترشيحه لرئاسة الحكومة العراقية",
                "خلية الإعلام الأمني العراقية تتسلم 2250 «إرهابياً» من سوريا",
                "باريس تحث بغداد على تجنب التصعيد الإقليمي",
            },
            teasers.Select(t => t.Title).ToArray());
        Assert.StartsWith("يواصل العراق عمليات نقل السجناء", teasers[0].Text);
        Assert.StartsWith("أبلغ مسؤول عراقي «الشرق الأوسط»", teasers[1].Text);
        Assert.StartsWith("نقلت وكالة الأنباء العراقية", teasers[3].Text);
        Assert.Contains("تسلَّم 2250", teasers[3].Text);
    }

    [TestMethod]
    public void Seed_003_teasers_hold_only_their_lede_not_bylines_sections_or_captions()
    {
        var teasers = PageStories.Split(TestData.Seed(3)).Where(s => s.Kind == PageStoryKind.Teaser).ToList();

        foreach (var teaser in teasers)
        {
            Assert.DoesNotContain("\n", teaser.Text, $"teaser «{teaser.Title}» has more than its lede");
            Assert.DoesNotContain("(", teaser.Text, $"teaser «{teaser.Title}» holds a caption or byline");
        }

        Assert.IsFalse(teasers.Any(t => t.Title.Contains("فاضل النشمي", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Seed_003_stories_come_in_page_order_main_teasers_then_stories()
    {
        var kinds = PageStories.Split(TestData.Seed(3)).Select(s => s.Kind).ToArray();

        CollectionAssert.AreEqual(
            new[]
            {
                PageStoryKind.Main,
                PageStoryKind.Teaser, PageStoryKind.Teaser, PageStoryKind.Teaser, PageStoryKind.Teaser, PageStoryKind.Teaser,
                PageStoryKind.Story, PageStoryKind.Story, PageStoryKind.Story,
            },
            kinds);
    }

    [TestMethod]
    public void No_caption_line_appears_twice_in_any_story_text()
    {
        foreach (var story in PageStories.Split(TestData.Seed(3)))
        {
            var paragraphs = story.Text.Split("\n\n");
            Assert.AreEqual(paragraphs.Length, paragraphs.Distinct(StringComparer.Ordinal).Count(), $"repeated line in «{story.Title}»");
            Assert.IsFalse(paragraphs.Any(p => p.EndsWith("(أ.ف.ب)", StringComparison.Ordinal)), $"caption in «{story.Title}»");
            Assert.IsFalse(paragraphs.Any(p => p.EndsWith("(الشرق الأوسط)", StringComparison.Ordinal)), $"caption in «{story.Title}»");
            Assert.IsFalse(paragraphs.Any(p => p.EndsWith("(أ.ب)", StringComparison.Ordinal)), $"caption in «{story.Title}»");
        }
    }

    [TestMethod]
    public void Story_text_paragraphs_are_joined_with_blank_lines_and_keep_sub_headings()
    {
        var main = PageStories.Split(TestData.Seed(3))[0];

        var paragraphs = main.Text.Split("\n\n");

        Assert.AreEqual("تنسيق سياسي", paragraphs[6]);
        Assert.IsTrue(paragraphs.All(p => p.Length > 0 && !p.Contains('\n', StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Spans_point_at_each_story_in_the_page_text()
    {
        var text = TestData.Seed(3);

        var stories = PageStories.Split(text);

        foreach (var story in stories)
        {
            var span = text.Substring(story.Start, story.Length);
            Assert.Contains(story.Title, span.Split('\n')[0], $"span of «{story.Title}» does not start at its title");
            foreach (var paragraph in story.Text.Split("\n\n"))
            {
                Assert.Contains(paragraph, span, $"span of «{story.Title}» misses a paragraph");
            }
        }

        for (var i = 1; i < stories.Count; i++)
        {
            Assert.IsGreaterThanOrEqualTo(stories[i - 1].Start + stories[i - 1].Length, stories[i].Start, "spans overlap");
        }

        var main = stories[0];
        Assert.AreEqual(0, main.Start);
        Assert.EndsWith("ومنع تسلل العناصر الإرهابية».", text.Substring(main.Start, main.Length));
        var received = stories.Single(s => s.Title.Contains("2250", StringComparison.Ordinal));
        Assert.AreEqual(
            "خلية الإعلام الأمني العراقية تتسلم 2250 «إرهابياً» من سوريا\n\n" + received.Text,
            text.Substring(received.Start, received.Length));
    }

    [TestMethod]
    public void Text_without_structure_is_one_main_story_titled_by_its_first_line()
    {
        const string text = "US moves ISIS detainees to Iraq\n\nThe US military moved 150 detainees from Hasakah to Iraq on Wednesday.\nUp to 7,000 more may follow in the coming weeks, officials said.\n";

        var stories = PageStories.Split(text);

        var story = stories.Single();
        Assert.AreEqual(PageStoryKind.Main, story.Kind);
        Assert.AreEqual("US moves ISIS detainees to Iraq", story.Title);
        Assert.AreEqual(
            "The US military moved 150 detainees from Hasakah to Iraq on Wednesday.\n\nUp to 7,000 more may follow in the coming weeks, officials said.",
            story.Text);
        Assert.AreEqual(0, story.Start);
        Assert.AreEqual(text.TrimEnd().Length, story.Length);
    }

    [TestMethod]
    public void English_related_teasers_are_split_off_from_the_main_story()
    {
        const string text = """
            Iraq takes custody of detainees moved from Syria
            Iraqi authorities said on Sunday they had received a new group of detainees transferred from prisons in north-east Syria.
            The transfer was coordinated with the US-led coalition, officials said.

            Related:
            US approves $90m arms sale to Iraq
            Washington has approved a possible sale of military equipment to Baghdad worth $90 million.
            Reuters
            Iraqi parties deadlocked over next prime minister
            Leaders of the ruling coalition met again on Saturday without agreeing on a candidate.
            """;

        var stories = PageStories.Split(text);

        Assert.HasCount(3, stories);
        Assert.AreEqual(PageStoryKind.Main, stories[0].Kind);
        Assert.AreEqual("Iraq takes custody of detainees moved from Syria", stories[0].Title);
        Assert.DoesNotContain("arms", stories[0].Text);
        Assert.DoesNotContain("Related", stories[0].Text);
        Assert.EndsWith("coordinated with the US-led coalition, officials said.", stories[0].Text);
        Assert.AreEqual(PageStoryKind.Teaser, stories[1].Kind);
        Assert.AreEqual("US approves $90m arms sale to Iraq", stories[1].Title);
        Assert.AreEqual("Washington has approved a possible sale of military equipment to Baghdad worth $90 million.", stories[1].Text);
        Assert.AreEqual(PageStoryKind.Teaser, stories[2].Kind);
        Assert.AreEqual("Iraqi parties deadlocked over next prime minister", stories[2].Title);
    }

    [TestMethod]
    public void Arabic_read_also_heading_starts_a_teaser_zone()
    {
        const string text = """
            العراق يتسلم دفعة جديدة من المحتجزين
            قالت خلية الإعلام الأمني إن العراق تسلم دفعة جديدة من المحتجزين القادمين من سجون الحسكة يوم الأحد.
            وأضافت أن عمليات النقل ستستمر خلال الأسابيع المقبلة بالتنسيق مع التحالف الدولي.
            اقرأ أيضاً
            واشنطن توافق على صفقة أسلحة جديدة للعراق
            أبلغ مسؤول عراقي أن الولايات المتحدة وافقت على صفقة عسكرية جديدة بقيمة كبيرة.
            """;

        var stories = PageStories.Split(text);

        Assert.HasCount(2, stories);
        Assert.DoesNotContain("صفقة", stories[0].Text);
        Assert.AreEqual(PageStoryKind.Teaser, stories[1].Kind);
        Assert.AreEqual("واشنطن توافق على صفقة أسلحة جديدة للعراق", stories[1].Title);
    }

    [TestMethod]
    public void A_caption_printed_twice_inside_a_story_body_is_dropped()
    {
        const string text = """
            Detainees moved from Hasakah to Iraq
            A convoy on the road near Hasakah (AFP)
            A convoy on the road near Hasakah (AFP)
            TT
            Detainees moved from Hasakah to Iraq
            The US military moved 150 detainees from Hasakah to Iraq on Wednesday, officials said.
            Up to 7,000 more may follow in the coming weeks, according to the coalition.
            Guards stand outside a prison gate in Hasakah
            Guards stand outside a prison gate in Hasakah
            The transfers are expected to continue until the prisons are emptied, officials added.
            """;

        var story = PageStories.Split(text).Single();

        Assert.AreEqual(PageStoryKind.Main, story.Kind);
        Assert.AreEqual("Detainees moved from Hasakah to Iraq", story.Title);
        Assert.AreEqual(
            "The US military moved 150 detainees from Hasakah to Iraq on Wednesday, officials said.\n\n"
            + "Up to 7,000 more may follow in the coming weeks, according to the coalition.\n\n"
            + "The transfers are expected to continue until the prisons are emptied, officials added.",
            story.Text);
    }

    [TestMethod]
    public void Blank_text_has_no_stories()
    {
        Assert.IsEmpty(PageStories.Split(""));
        Assert.IsEmpty(PageStories.Split(" \n\r\n\t "));
    }

    [TestMethod]
    public void Line_endings_with_carriage_returns_give_the_same_stories()
    {
        var text = TestData.Seed(3);

        var lf = PageStories.Split(text);
        var crlf = PageStories.Split(text.Replace("\n", "\r\n", StringComparison.Ordinal));

        CollectionAssert.AreEqual(lf.Select(s => (s.Title, s.Text, s.Kind)).ToArray(), crlf.Select(s => (s.Title, s.Text, s.Kind)).ToArray());
    }
}
