using Monitor.Core.Developments;

namespace Monitor.Core.Tests.Developments;

[TestClass]
public sealed class DevelopmentMatcherTests
{
    private static readonly DateTimeOffset Day = new(2026, 1, 27, 9, 0, 0, TimeSpan.Zero);

    private const string Wire = "A second batch of Islamic State detainees held in Ghweiran prison in Hasakah arrived at Baghdad airport on Tuesday aboard two coalition transport planes, an Iraqi security source said. The batch included 212 detainees, 41 of them foreign nationals, who were received by the Counter-Terrorism Service and the justice ministry before being driven to fortified detention sites in the capital.";

    private const string Rewrite = "A second batch of Islamic State detainees held in Ghweiran prison in Hasakah arrived at Baghdad airport on Tuesday aboard two coalition transport planes, Iraqi security sources said. The batch of 212 detainees, 41 of them foreign nationals, was received by the Counter-Terrorism Service and the justice ministry before being driven to fortified detention sites in the capital, the sources added.";

    private static DevelopmentArticle Article(string id, string text, DateTimeOffset published, string language = "en", string type = "transfer", long[]? amounts = null, string[]? places = null, string[]? actors = null, string? title = null) =>
        new(id, title, null, "src-" + id, "Source " + id, language, published, 0.9)
        {
            Type = type,
            Figures = [.. (amounts ?? []).Select(v => new StatedFigure(v, "exact", "detainees", v + " detainees"))],
            Places = places ?? [],
            Actors = actors ?? [],
            Signature = TextSignature.Of(text),
        };

    [TestMethod]
    public void A_rewritten_wire_story_is_a_near_duplicate()
    {
        var similarity = TextSignature.Of(Wire).Similarity(TextSignature.Of(Rewrite));

        Assert.IsGreaterThanOrEqualTo(DevelopmentMatcher.NearDuplicateSimilarity, similarity);
        Assert.AreEqual(DevelopmentLink.NearDuplicate, DevelopmentMatcher.Relate(Article("a", Wire, Day), Article("b", Rewrite, Day.AddDays(3))));
    }

    [TestMethod]
    public void Different_stories_on_the_same_subject_are_not_near_duplicates()
    {
        const string other = "France repatriated ten women and 25 children from Roj camp in north-east Syria on Thursday, the foreign ministry in Paris said, the latest return of French nationals held in Kurdish-run camps since the fall of the Islamic State group.";

        Assert.IsLessThan(0.2, TextSignature.Of(Wire).Similarity(TextSignature.Of(other)));
    }

    [TestMethod]
    public void A_signature_survives_storage_and_an_empty_text_is_similar_to_nothing()
    {
        var signature = TextSignature.Of(Wire);

        Assert.AreEqual(signature, TextSignature.FromBase64(signature.ToBase64()));
        Assert.IsNull(TextSignature.FromBase64("not base64!"));
        Assert.AreEqual(0, TextSignature.Of("").Similarity(TextSignature.Of("")));
    }

    [TestMethod]
    public void The_same_figure_ties_an_arabic_and_an_english_report()
    {
        var ar = Article("ar", "نقل 150 محتجزاً من داعش من الحسكة إلى العراق", Day, "ar", amounts: [150], places: ["hasakah"]);
        var en = Article("en", "US moves 150 ISIS detainees from Hasakah to Iraq", Day.AddHours(5), amounts: [150], places: ["hasakah"]);

        Assert.AreEqual(DevelopmentLink.SameFigure, DevelopmentMatcher.Relate(ar, en));
    }

    [TestMethod]
    public void Two_batches_with_different_counts_are_two_developments_even_with_the_same_words_and_ceiling()
    {
        var first = Article("first", "Batch of detainees lands in Baghdad", Day, amounts: [150], places: ["hasakah", "baghdad"], actors: ["centcom"], title: "Batch of ISIS detainees lands in Baghdad") with
        {
            Figures = [new StatedFigure(150, "exact", "detainees", "150"), new StatedFigure(7000, "up_to", "detainees", "up to 7,000")],
        };
        var second = Article("second", "Another batch of detainees lands in Baghdad", Day.AddDays(1), amounts: [212], places: ["hasakah", "baghdad"], actors: ["centcom"], title: "Batch of ISIS detainees lands in Baghdad") with
        {
            Figures = [new StatedFigure(212, "exact", "detainees", "212"), new StatedFigure(7000, "up_to", "detainees", "up to 7,000")],
        };

        Assert.IsNull(DevelopmentMatcher.Relate(first, second));
    }

    [TestMethod]
    public void The_same_event_across_languages_is_tied_by_its_places_actors_and_type()
    {
        var ar = Article("ar", "قسد تسلم سجن غويران", Day, "ar", "facility_handover", places: ["hasakah", "ghwayran"], actors: ["sdf", "syrian-government"]);
        var en = Article("en", "SDF hands Ghwayran prison to Damascus", Day.AddHours(6), "en", "facility_handover", places: ["ghwayran", "hasakah"], actors: ["syrian-government", "sdf"]);

        Assert.AreEqual(DevelopmentLink.SameEvent, DevelopmentMatcher.Relate(ar, en));
        Assert.IsNull(DevelopmentMatcher.Relate(ar, en with { Type = "repatriation" }), "another type");
        Assert.IsNull(DevelopmentMatcher.Relate(ar, en with { Published = Day.AddHours(40) }), "too far apart");
    }

    [TestMethod]
    public void Wide_places_alone_do_not_make_one_event()
    {
        var a = Article("a", "x", Day, "ar", "statement", places: ["iraq", "syria", "baghdad", "damascus"]);
        var b = Article("b", "y", Day, "en", "statement", places: ["iraq", "syria", "baghdad", "damascus"]);

        Assert.IsNull(DevelopmentMatcher.Relate(a, b));
    }

    [TestMethod]
    public void A_time_that_is_only_estimated_does_not_keep_articles_apart()
    {
        var dated = Article("a", "x", Day, amounts: [150]);
        var undated = Article("b", "y", Day.AddDays(20), amounts: [150]) with { PublishedEstimated = true };

        Assert.AreEqual(DevelopmentLink.SameFigure, DevelopmentMatcher.Relate(dated, undated));
        Assert.IsNull(DevelopmentMatcher.Relate(dated, undated with { PublishedEstimated = false }));
    }

    [TestMethod]
    public void Arriving_in_any_order_the_clusters_end_the_same()
    {
        var a = Article("a", "first words here", Day, amounts: [150], places: ["hasakah"]);
        var b = Article("b", "other words there", Day.AddHours(3), amounts: [150, 7000], places: ["hasakah"]);
        var c = Article("c", "third words again", Day.AddHours(6), amounts: [7000], places: ["hasakah"]);

        var forward = new DevelopmentClusters();
        forward.Add(a);
        forward.Add(b);
        forward.Add(c);
        var backward = new DevelopmentClusters();
        backward.Add(c);
        backward.Add(a);
        backward.Add(b);

        Assert.AreEqual(1, forward.Groups.Count());
        Assert.AreEqual(1, backward.Groups.Count(), "a and c start apart and merge when b arrives");
        Assert.AreEqual(DevelopmentIds.For(a), forward.Groups.Single().Id);
        Assert.AreEqual(DevelopmentIds.For(a), backward.Groups.Single().Id, "the development that begins first keeps its id, whatever the order of arrival");
    }
}
