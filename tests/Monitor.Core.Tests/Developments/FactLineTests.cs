using Monitor.Core.Classification;
using Monitor.Core.Developments;
using Monitor.Core.Tests.Classification;

namespace Monitor.Core.Tests.Developments;

/// <summary>A development's fact line, generated from its facts in English and in Arabic, with the topic's phrases.</summary>
[TestClass]
public sealed class FactLineTests
{
    private static readonly DateTimeOffset Day = new(2026, 1, 23, 8, 0, 0, TimeSpan.Zero);

    private static TopicProfile Topic => Topics.Catalog.Find(Topics.DetaineeTransfers)!;

    private static FactLinePhrases Phrases => Topic.FactLines;

    private static DevelopmentArticle Article(string id, string type, string[] places, string[] actors, params (long Value, string Qualifier, string? What)[] figures) =>
        new(id, null, null, "src", "Outlet", "ar", Day, 0.9)
        {
            Type = type,
            Places = places,
            Actors = actors,
            Figures = [.. figures.Select(f => new StatedFigure(f.Value, f.Qualifier, f.What, f.Value + " " + f.What))],
        };

    private static IReadOnlyDictionary<string, string> LinesOf(params DevelopmentArticle[] articles) =>
        FactLine.Of(DevelopmentBuilder.Build("d", articles), Phrases);

    [TestMethod]
    public void A_transfer_reads_as_its_figures_from_where_to_where_and_who_in_english_and_arabic()
    {
        var lines = LinesOf(
            Article("a", "transfer", ["iraq", "hasakah", "syria"], ["centcom"], (150, "exact", "detainees"), (7000, "up_to", "detainees")),
            Article("b", "transfer", ["iraq", "hasakah"], ["centcom"], (150, "approx", "detainees")));

        Assert.AreEqual("Transfer of 150 detainees from Hasakah to Iraq; also up to 7,000 detainees — CENTCOM", lines["en"]);
        Assert.AreEqual("نقل 150 معتقلاً من الحسكة إلى العراق، مع ذكر ما يصل إلى 7000 معتقل — القيادة المركزية الأمريكية", lines["ar"]);
    }

    [TestMethod]
    [DataRow(1L, "معتقل واحد")]
    [DataRow(2L, "معتقلَين اثنين")]
    [DataRow(3L, "3 معتقلين")]
    [DataRow(10L, "10 معتقلين")]
    [DataRow(11L, "11 معتقلاً")]
    [DataRow(150L, "150 معتقلاً")]
    [DataRow(100L, "100 معتقل")]
    [DataRow(101L, "101 معتقل")]
    [DataRow(103L, "103 معتقلين")]
    [DataRow(2250L, "2250 معتقلاً")]
    [DataRow(7000L, "7000 معتقل")]
    public void An_arabic_number_is_followed_by_the_counted_word_in_the_form_it_takes(long value, string expected)
    {
        Assert.AreEqual(expected, FactLine.FigureText("ar", value, "exact", Phrases.Counted["detainees"]));
    }

    [TestMethod]
    [DataRow("families", 3L, "3 عائلات")]
    [DataRow("families", 300L, "300 عائلة")]
    [DataRow("people", 12L, "12 شخصاً")]
    [DataRow("women_and_children", 31L, "31 من النساء والأطفال")]
    public void Other_counted_words_take_their_forms_too(string what, long value, string expected)
    {
        Assert.AreEqual(expected, FactLine.FigureText("ar", value, "exact", Phrases.Counted[what]));
    }

    [TestMethod]
    [DataRow("approx", "about 150 detainees", "نحو 150 معتقلاً")]
    [DataRow("up_to", "up to 150 detainees", "ما يصل إلى 150 معتقلاً")]
    [DataRow("at_least", "at least 150 detainees", "ما لا يقل عن 150 معتقلاً")]
    [DataRow("exact", "150 detainees", "150 معتقلاً")]
    public void Qualifiers_are_said_in_each_language(string qualifier, string english, string arabic)
    {
        Assert.AreEqual(english, FactLine.FigureText("en", 150, qualifier, Phrases.Counted["detainees"]));
        Assert.AreEqual(arabic, FactLine.FigureText("ar", 150, qualifier, Phrases.Counted["detainees"]));
    }

    [TestMethod]
    public void One_detainee_is_singular_in_english()
    {
        Assert.AreEqual("1 detainee", FactLine.FigureText("en", 1, "exact", Phrases.Counted["detainees"]));
    }

    [TestMethod]
    public void A_repatriation_goes_to_the_country_of_return()
    {
        var lines = LinesOf(Article("a", "repatriation", ["al-hol", "syria", "france"], [], (300, "exact", "families")));

        Assert.AreEqual("Repatriation of 300 families from al-Hol camp to France", lines["en"]);
        Assert.AreEqual("إعادة 300 عائلة من مخيم الهول إلى فرنسا", lines["ar"]);
    }

    [TestMethod]
    public void A_facility_handover_says_where_and_a_development_without_figures_says_what_it_counts()
    {
        var lines = LinesOf(Article("a", "facility_handover", ["al-hol", "roj", "syria"], ["syrian-government", "sdf"]));

        Assert.AreEqual("Handover of detention facilities holding detainees in al-Hol camp and Roj camp — the Syrian government, the SDF", lines["en"]);
        Assert.AreEqual("تسليم مرافق احتجاز تضم معتقلين في مخيم الهول ومخيم روج — الحكومة السورية، قسد", lines["ar"]);
    }

    [TestMethod]
    public void A_plan_states_its_ceiling_first()
    {
        var lines = LinesOf(Article("a", "plan_or_agreement", ["iraq", "north-east-syria"], ["iraqi-government"], (150, "exact", "detainees"), (7000, "up_to", "detainees")));

        Assert.AreEqual("Plan to move up to 7,000 detainees from north-east Syria to Iraq; also 150 detainees — the Iraqi government", lines["en"]);
        Assert.AreEqual("خطة لنقل ما يصل إلى 7000 معتقل من شمال شرق سوريا إلى العراق، مع ذكر 150 معتقلاً — الحكومة العراقية", lines["ar"]);
    }

    [TestMethod]
    public void A_statement_names_its_specific_places_in_brackets_and_who_speaks()
    {
        var lines = LinesOf(Article("a", "statement", ["iraq", "al-hol", "roj"], ["global-coalition"]));

        Assert.AreEqual("Statement on the transfer of detainees (al-Hol camp, Roj camp) — the Global Coalition", lines["en"]);
        Assert.AreEqual("بيان بشأن نقل معتقلين (مخيم الهول، مخيم روج) — التحالف الدولي", lines["ar"]);
    }

    [TestMethod]
    public void Figures_of_things_the_topic_does_not_count_are_left_out()
    {
        var lines = LinesOf(Article("a", "transfer", [], [], (3, "exact", null)));

        Assert.AreEqual("Transfer of detainees", lines["en"]);
        Assert.AreEqual("نقل معتقلين", lines["ar"]);
    }

    [TestMethod]
    public void Every_place_and_actor_the_topic_knows_has_a_name_in_english_and_in_arabic()
    {
        foreach (var id in Topic.Places.Keys.Concat(Topic.Actors.Keys))
        {
            Assert.IsTrue(Phrases.Names.TryGetValue(id, out var name), $"no name for {id}");
            Assert.IsTrue(name.En.Any(char.IsAsciiLetter) && !name.En.Any(IsArabic), $"{id}: English name '{name.En}'");
            Assert.IsTrue(name.Ar.Any(IsArabic) && !name.Ar.Any(char.IsAsciiLetter), $"{id}: Arabic name '{name.Ar}'");
            Assert.AreEqual(Topic.Places.ContainsKey(id), name.Side is not null, $"{id}: a place has a side, an actor none");
        }
    }

    [TestMethod]
    public void Every_type_and_counted_word_of_the_topic_has_its_phrases()
    {
        foreach (var type in Topic.Types.Select(t => t.Type).Append(DevelopmentTypes.Other))
        {
            Assert.IsTrue(Phrases.Types.ContainsKey(type), type);
        }

        foreach (var what in Topic.Counted.Select(c => c.What))
        {
            Assert.IsTrue(Phrases.Counted.ContainsKey(what), what);
        }
    }

    [TestMethod]
    public void A_topic_file_whose_fact_lines_lack_a_form_names_the_problem()
    {
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "topics", "detainee-transfers.json"))
            .Replace("\"many\": \"{n} معتقلاً\", ", "", StringComparison.Ordinal);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TopicProfile.Parse(json, "broken.json"));

        StringAssert.Contains(error.Message, "factLines.counted.detainees");
    }

    private static bool IsArabic(char c) => c is >= '\u0600' and <= '\u06FF';
}
