using System.Text.Json;
using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

[TestClass]
public sealed class ArticleClassifierTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(4)]
    public void Seed_articles_about_the_transfers_are_relevant(int seed)
    {
        var score = Topics.Transfers(null, TestData.Seed(seed));

        Assert.IsTrue(score.Relevant, $"seed {seed} scored {score.Score}");
        Assert.IsGreaterThanOrEqualTo(0.5, score.Score);
    }

    [TestMethod]
    [DataRow("teaser-2250-received")]
    [DataRow("teaser-guards-threatened")]
    [DataRow("story-prisoners-threaten")]
    public void Seed_003_stories_about_received_or_transferred_prisoners_are_relevant(string story)
    {
        var (title, body) = Topics.Seed003Story(story);

        var score = Topics.Transfers(title, body);

        Assert.IsTrue(score.Relevant, $"{story} scored {score.Score}");
    }

    [TestMethod]
    [DataRow("main-cooperation-kirkuk")]
    [DataRow("teaser-arms-sale")]
    [DataRow("teaser-maliki-party")]
    [DataRow("teaser-paris")]
    [DataRow("story-hezbollah")]
    [DataRow("story-hamas")]
    public void Seed_003_stories_on_other_subjects_are_not_relevant(string story)
    {
        var (title, body) = Topics.Seed003Story(story);

        var score = Topics.Transfers(title, body);

        Assert.IsFalse(score.Relevant, $"{story} scored {score.Score}");
        Assert.IsLessThan(0.5, score.Score);
    }

    [TestMethod]
    [DataRow("CENTCOM said 150 ISIS detainees were transferred from Hasakah to Iraq on Wednesday.")]
    [DataRow("Iraq received a new batch of ISIS prisoners from al-Hol camp in north-east Syria.")]
    [DataRow("The SDF handed over Ghwayran prison in Hasakah to the Syrian government.")]
    [DataRow("Baghdad repatriated 600 Iraqi families from al-Hol camp in north-east Syria.")]
    [DataRow("Up to 7,000 ISIS fighters held by the SDF may be moved to Iraqi prisons.")]
    [DataRow("نقلت القوات الأمريكية دفعة جديدة من معتقلي داعش من سجون الحسكة إلى العراق")]
    [DataRow("تسلمت الحكومة العراقية 300 محتجز من تنظيم داعش من قوات سوريا الديمقراطية")]
    [DataRow("أعادت بغداد 150 عائلة عراقية من مخيم الهول شمال شرقي سوريا")]
    [DataRow("سلّمت قسد سجن غويران في الحسكة إلى الحكومة السورية")]
    [DataRow("بدأ ترحيل الرعايا الأجانب من عائلات عناصر داعش في مخيم روج إلى دولهم")]
    [DataRow("France repatriates 10 children from Syrian camps")]
    [DataRow("Kazakhstan brings back 50 citizens from camps in Syria")]
    [DataRow("Hundreds of Islamic State detainees flown to Baghdad")]
    [DataRow("Iraqi families return from al-Hawl to Jeddah camp in Nineveh")]
    [DataRow("فرنسا تستعيد أطفالا من مخيمات شمال شرق سوريا")]
    [DataRow("وصول 300 عائلة من مخيم الهول إلى مخيم الجدعة")]
    public void Short_reports_of_transfers_are_relevant_in_both_languages(string sentence)
    {
        var score = Topics.Transfers(null, sentence);

        Assert.IsTrue(score.Relevant, $"scored {score.Score}");
    }

    [TestMethod]
    [DataRow("ISIS militants attacked an army checkpoint near Kirkuk, killing three Iraqi soldiers.")]
    [DataRow("The US-led coalition will withdraw its troops from Baghdad and move to Erbil by September.")]
    [DataRow("Iraqi forces arrested five ISIS suspects in Anbar province and took them into custody.")]
    [DataRow("Israel and Hamas completed a prisoner exchange in which 90 Palestinian prisoners were transferred from Ofer prison.")]
    [DataRow("Russia and Ukraine swapped prisoners, with 95 captives handed over on each side.")]
    [DataRow("Turkey deported 200 Syrian refugees from camps near the border back to Syria.")]
    [DataRow("Hezbollah handed over the bodies of two fighters to the Lebanese army.")]
    [DataRow("هاجم عناصر من داعش نقطة تفتيش للجيش العراقي في كركوك وقتلوا ثلاثة جنود")]
    [DataRow("التحالف الدولي يبدأ سحب قواته من قاعدة عين الأسد غرب العراق")]
    [DataRow("اعتقلت القوات الأمنية خمسة إرهابيين في الأنبار")]
    [DataRow("أنجزت حماس وإسرائيل صفقة تبادل الأسرى ونقل 90 أسيرا من سجن عوفر")]
    [DataRow("وافقت واشنطن على صفقة عسكرية لنقل طائرات مسيرة إلى العراق")]
    [DataRow("نقلت وكالة الأنباء العراقية عن مصدر في سجن الحوت أن داعش يخطط لهجوم")]
    public void Hard_negatives_are_not_relevant(string sentence)
    {
        var score = Topics.Transfers(null, sentence);

        Assert.IsFalse(score.Relevant, $"scored {score.Score}");
    }

    [TestMethod]
    public void Without_an_action_near_a_subject_an_article_cannot_be_relevant_however_much_context_it_has()
    {
        const string text = "ISIS, Daesh, Syria, Iraq, Hasakah, the SDF, CENTCOM and the global coalition. Detainees are mentioned here. "
            + "Many words follow so that nothing is near: one two three four five six seven eight nine ten eleven twelve thirteen fourteen. "
            + "They were transferred.";

        var score = Topics.Transfers(null, text);

        Assert.IsFalse(score.Relevant);
        Assert.IsLessThan(0.5, score.Score);
    }

    [TestMethod]
    public void The_same_action_and_subject_within_the_window_make_the_article_relevant()
    {
        const string text = "ISIS, Daesh, Syria, Iraq, Hasakah, the SDF, CENTCOM and the global coalition. Detainees are mentioned here. "
            + "They were transferred.";

        var score = Topics.Transfers(null, text);

        Assert.IsTrue(score.Relevant, $"scored {score.Score}");
    }

    [TestMethod]
    [DataRow("A former county official was transferred to a federal prison camp in Texas; other inmates were moved to Ohio.")]
    [DataRow("نقل السجناء من سجن المدينة إلى سجن آخر بعد أعمال شغب، وأعيد النزلاء إلى زنازينهم.")]
    public void A_transfer_of_prisoners_with_nothing_of_the_story_around_it_is_not_relevant(string text)
    {
        var score = Topics.Transfers(null, text);

        Assert.IsFalse(score.Relevant, $"scored {score.Score}");
        Assert.IsLessThan(0.5, score.Score);
    }

    [TestMethod]
    public void The_same_transfer_in_north_east_Syria_is_relevant()
    {
        var score = Topics.Transfers(null, "Inmates were transferred from Ghweiran prison in Hasakah to a prison in Baghdad.");

        Assert.IsTrue(score.Relevant, $"scored {score.Score}");
    }

    [TestMethod]
    public void Money_sent_to_ISIS_fighters_is_not_a_transfer_of_fighters()
    {
        var score = Topics.Transfers(null, "A court jailed a man who made money transfers to Islamic State fighters in Syria through transfer agencies.");

        Assert.IsFalse(score.Relevant, $"scored {score.Score}");
    }

    [TestMethod]
    public void Disqualifying_context_lowers_the_score_of_an_article_without_a_pair()
    {
        var plain = Topics.Transfers(null, "Iraqi forces continue to pursue ISIS cells in the desert.");
        var disqualified = Topics.Transfers(null, "Iraqi forces continue to pursue ISIS cells in the desert, while Hezbollah and Hamas hold elections.");

        Assert.IsLessThan(plain.Score, disqualified.Score);
    }

    [TestMethod]
    public void Scores_stay_between_zero_and_one()
    {
        var strong = Topics.Transfers(null, string.Concat(Enumerable.Repeat("CENTCOM transferred ISIS detainees from al-Hol in Hasakah, Syria to Iraq. ", 50)));
        var empty = Topics.Transfers(null, "");

        Assert.IsTrue(strong.Score is > 0.5 and <= 1.0);
        Assert.IsTrue(empty.Score is >= 0.0 and < 0.5);
        Assert.IsFalse(empty.Relevant);
    }

    [TestMethod]
    public void Arabic_words_match_with_attached_prefixes_and_spelling_variants()
    {
        // وبالمحتجزين: و + ب + ال; للمعتقلين: ل + ال; إعادة/اعاده, حسكة/حسكه, diacritics and tatweel.
        var score = Topics.Transfers(null, "وتمّت إعــادة وبالمحتجزين للمعتقلين من الحسكه");

        var terms = score.Evidence.Select(e => e.Term).ToList();
        CollectionAssert.Contains(terms, "اعاده");
        CollectionAssert.Contains(terms, "محتجز*");
        CollectionAssert.Contains(terms, "معتقل*");
        CollectionAssert.Contains(terms, "الحسكه");
    }

    [TestMethod]
    [DataRow("transfer")]
    [DataRow("transfers")]
    [DataRow("transferred")]
    [DataRow("transferring")]
    [DataRow("TRANSFERRED")]
    public void English_words_match_in_any_case_with_their_simple_endings(string verb)
    {
        var score = Topics.Transfers(null, $"They {verb} detainees.");

        Assert.IsTrue(score.Evidence.Any(e => e.Role == "action" && e.Text == verb), string.Join(", ", score.Evidence.Select(e => e.Text)));
    }

    [TestMethod]
    public void English_words_match_only_on_word_boundaries()
    {
        var score = Topics.Transfers(null, "The retransferral of prisonership records.");

        Assert.IsFalse(score.Evidence.Any(e => e.Role is "action" or "subject"));
    }

    [TestMethod]
    public void Evidence_offsets_point_into_the_title_a_line_break_and_the_body()
    {
        const string title = "Iraq receives detainees";
        const string body = "الولايات المتحدة نقلت 150 من المحتجزين إلى العراق.";

        var score = Topics.Transfers(title, body);

        var scored = title + "\n" + body;
        Assert.IsNotEmpty(score.Evidence);
        foreach (var evidence in score.Evidence)
        {
            Assert.AreEqual(evidence.Text, scored.Substring(evidence.Start, evidence.Length));
        }

        Assert.IsTrue(score.Evidence.Any(e => e.Text == "المحتجزين" && e.Start > title.Length));
        Assert.IsTrue(score.Evidence.Any(e => e.Text == "detainees" && e.Start < title.Length));
    }

    [TestMethod]
    public void Evidence_keeps_the_original_spelling_with_diacritics()
    {
        var score = Topics.Transfers(null, "قافلة تنقل محتجزيـن من «داعش» إلى العراق بعد تسلَّم الدفعة");

        Assert.IsTrue(score.Evidence.Any(e => e.Text == "محتجزيـن"), string.Join(", ", score.Evidence.Select(e => e.Text)));
        Assert.IsTrue(score.Evidence.Any(e => e.Text == "تسلَّم"));
    }

    [TestMethod]
    public void A_reporting_phrase_does_not_count_as_a_transfer()
    {
        var score = Topics.Transfers(null, "نقلت وكالة الأنباء عن مصدر في السجن");

        Assert.IsFalse(score.Evidence.Any(e => e.Role == "action"));
    }

    [TestMethod]
    public void Every_known_topic_gets_a_score()
    {
        var classification = Topics.Classifier.Classify("title", "text");

        CollectionAssert.AreEquivalent(Topics.Catalog.Topics.Select(t => t.Id).ToList(), classification.Topics.Select(t => t.Topic).ToList());
    }

    [TestMethod]
    public void The_classification_carries_the_language_and_the_facts()
    {
        var classification = Topics.Classifier.Classify(null, TestData.Seed(2));

        Assert.AreEqual("ar", classification.Language);
        CollectionAssert.Contains(classification.Facts.Counts.Select(c => c.Value).ToList(), 150L);
        CollectionAssert.Contains(classification.Facts.Places.ToList(), "iraq");
        CollectionAssert.Contains(classification.Facts.Actors.ToList(), "centcom");
    }

    [TestMethod]
    public void The_classification_round_trips_through_the_product_json()
    {
        var classification = Topics.Classifier.Classify("Iraq receives detainees", TestData.Seed(0));

        var json = JsonSerializer.Serialize(classification, MonitorJson.Options);
        var back = JsonSerializer.Deserialize<ArticleClassification>(json, MonitorJson.Options);

        Assert.IsNotNull(back);
        Assert.AreEqual(json, JsonSerializer.Serialize(back, MonitorJson.Options));
        StringAssert.Contains(json, "\"role\":\"action\"");
        StringAssert.Contains(json, "\"qualifier\":\"up_to\"");
    }
}
