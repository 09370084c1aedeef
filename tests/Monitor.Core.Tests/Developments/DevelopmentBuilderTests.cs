using Monitor.Core.Developments;

namespace Monitor.Core.Tests.Developments;

[TestClass]
public sealed class DevelopmentBuilderTests
{
    private static readonly DateTimeOffset Day = new(2026, 2, 7, 10, 0, 0, TimeSpan.Zero);

    private static DevelopmentArticle Article(string id, string language, double score, string? title, params (long Value, string Qualifier)[] figures) =>
        new(id, title, "https://example.test/" + id, "src-" + id, "Outlet " + id, language, Day.AddHours(id.Length), score)
        {
            Type = "transfer",
            Figures = [.. figures.Select(f => new StatedFigure(f.Value, f.Qualifier, "detainees", f.Value + " detainees"))],
            Actors = ["security-media-cell"],
            Summary = title is null ? "Iraq received 2,250 detainees from Syria by land and air, the security media cell said." : null,
        };

    [TestMethod]
    public void Sources_that_give_close_but_different_figures_are_shown_as_disagreeing()
    {
        var development = DevelopmentBuilder.Build("d", [Article("a", "ar", 0.9, "t", (2250, "exact")), Article("bb", "en", 0.8, "u", (2300, "approx"))]);

        var disagreement = development.Disagreements.Single();
        Assert.AreEqual("detainees", disagreement.What);
        CollectionAssert.AreEqual(new long[] { 2250, 2300 }, disagreement.Values.ToArray());
        Assert.HasCount(2, development.Figures);
    }

    [TestMethod]
    public void Statements_with_one_report_of_a_number_moved_stay_a_statement()
    {
        var statements = Enumerable.Range(1, 4).Select(i => Article(new string('s', i), "en", 0.8, "UNICEF warns over children in the camps") with { Type = "statement" });
        var reading = Article("move", "ar", 0.8, "12,000 children", (12000, "exact")) with { Type = "repatriation" };
        reading = reading with { Figures = [.. reading.Figures.Select(f => f with { Lead = true })] };

        Assert.AreEqual("statement", DevelopmentBuilder.Build("d", [.. statements, reading]).Type);
    }

    [TestMethod]
    public void A_statement_about_a_move_reported_as_done_is_the_move()
    {
        var statement = Article("welcome", "en", 0.8, "Rubio welcomes Iraq's step") with { Type = "statement" };
        var move = Article("moved", "en", 0.8, "US moves 150 detainees to Iraq", (150, "exact"));
        move = move with { Figures = [.. move.Figures.Select(f => f with { Lead = true })] };

        Assert.AreEqual("transfer", DevelopmentBuilder.Build("d", [statement, move]).Type);
    }

    [TestMethod]
    public void Figures_far_apart_or_from_one_article_are_not_a_disagreement()
    {
        var development = DevelopmentBuilder.Build("d", [Article("a", "en", 0.9, "t", (150, "exact"), (362, "exact")), Article("bb", "en", 0.9, "u", (150, "exact"), (7000, "up_to"))]);

        Assert.IsEmpty(development.Disagreements);
        Assert.AreEqual(150, development.Figures[0].Value, "the most cited figure first");
        Assert.HasCount(2, development.Figures[0].Sources);
    }

    [TestMethod]
    public void Headlines_are_kept_for_each_language()
    {
        var development = DevelopmentBuilder.Build("d", [Article("a", "ar", 0.7, "العراق يتسلم 2250 معتقلاً"), Article("bb", "en", 0.9, "Iraq receives 2,250 detainees")]);

        Assert.AreEqual("Iraq receives 2,250 detainees", development.Headline);
        Assert.AreEqual("العراق يتسلم 2250 معتقلاً", development.HeadlineIn("ar"));
        Assert.AreEqual("Iraq receives 2,250 detainees", development.HeadlineIn("fr"));
    }

    [TestMethod]
    public void Without_any_title_the_headline_comes_from_the_summary()
    {
        var development = DevelopmentBuilder.Build("d", [Article("a", "en", 0.9, null)]);

        Assert.AreEqual("Iraq received 2,250 detainees from Syria by land and air, the security media cell said.", development.Headline);
    }

    [TestMethod]
    public void More_outlets_languages_and_figures_make_a_development_more_important()
    {
        var single = DevelopmentBuilder.Build("d", [Article("a", "en", 0.9, "t")]);
        var wide = DevelopmentBuilder.Build("d", [Article("a", "en", 0.9, "t", (150, "exact")), Article("bb", "ar", 0.9, "u", (150, "exact")), Article("ccc", "ar", 0.9, "v", (7000, "up_to"))]);

        Assert.IsLessThan(wide.Importance, single.Importance);
        Assert.IsTrue(wide.Importance is > 0 and <= 1);
    }

    [TestMethod]
    public void A_development_survives_its_json_round_trip()
    {
        var development = DevelopmentBuilder.Build("d", [Article("a", "ar", 0.7, "عنوان", (150, "exact")), Article("bb", "en", 0.9, "Title", (150, "approx"))]);
        var json = System.Text.Json.JsonSerializer.Serialize(development, MonitorJson.Options);

        var back = System.Text.Json.JsonSerializer.Deserialize<Development>(json, MonitorJson.Options)!;

        Assert.AreEqual(json, System.Text.Json.JsonSerializer.Serialize(back, MonitorJson.Options));
        Assert.AreEqual("عنوان", back.HeadlineIn("ar"));
    }

    [TestMethod]
    public void A_title_that_is_only_a_dateline_or_a_by_line_heads_nothing()
    {
        var dateline = Article("a", "ar", 0.9, "شفق نيوز- واشنطن") with { Summary = "رحب التحالف الدولي لهزيمة داعش، يوم الاثنين، بانضمام سوريا عضواً في التحالف." };
        var byline = Article("bb", "en", 0.8, "By Dana Aziz, Erbil bureau") with { Summary = "The Global Coalition welcomed Syria as its 90th member on Monday." };

        var development = DevelopmentBuilder.Build("d", [dateline, byline]);

        Assert.AreEqual("رحب التحالف الدولي لهزيمة داعش، يوم الاثنين، بانضمام سوريا عضواً في التحالف.", development.Headline);
        Assert.IsEmpty(development.Headlines);
        Assert.AreEqual("The Global Coalition welcomed Syria as its 90th member on Monday.", development.Articles.Single(a => a.Id == "bb").Headline);
    }

    /// <summary>An article stating one figure as its own words put it.</summary>
    private static DevelopmentArticle Stating(string id, string outlet, long value, string qualifier, string what, string text) =>
        Article(id, "en", 0.8, "t") with { SourceName = outlet, Figures = [new StatedFigure(value, qualifier, what, text)] };

    [TestMethod]
    public void One_amount_of_one_thing_is_one_figure_with_each_sources_qualifier_and_words()
    {
        var development = DevelopmentBuilder.Build("d",
        [
            Stating("a", "Wire", 230, "exact", "detainees", "230 detainees"),
            Stating("bb", "Daily", 230, "approx", "detainees", "نحو 230 معتقلاً"),
            Stating("ccc", "Radio", 230, "exact", "fighters", "230 fighters"),
        ]);

        var figure = development.Figures.Single();
        Assert.AreEqual(230, figure.Value);
        Assert.AreEqual("exact", figure.Qualifier, "as most sources say");
        Assert.AreEqual("detainees", figure.What, "fighters among the detainees are the same people");
        CollectionAssert.AreEqual(new[] { "exact", "approx", "exact" }, figure.Sources.Select(s => s.Qualifier).ToArray());
        CollectionAssert.AreEqual(new[] { "230 detainees", "نحو 230 معتقلاً", "230 fighters" }, figure.Sources.Select(s => s.Text).ToArray());
        Assert.IsEmpty(development.Disagreements);
    }

    [TestMethod]
    public void A_tie_between_qualifiers_goes_to_a_ceiling_then_to_the_exact_number()
    {
        var ceiling = DevelopmentBuilder.Build("d", [Stating("a", "Wire", 7000, "approx", "detainees", "about 7,000"), Stating("bb", "Daily", 7000, "up_to", "detainees", "up to 7,000")]);
        var exact = DevelopmentBuilder.Build("d", [Stating("a", "Wire", 150, "approx", "detainees", "about 150"), Stating("bb", "Daily", 150, "exact", "detainees", "150 detainees")]);

        Assert.AreEqual("up_to", ceiling.Figures.Single().Qualifier);
        Assert.AreEqual("exact", exact.Figures.Single().Qualifier);
    }

    [TestMethod]
    public void Close_but_different_amounts_stay_two_figures_and_a_disagreement_whatever_their_qualifiers()
    {
        var development = DevelopmentBuilder.Build("d", [Stating("a", "Wire", 2250, "exact", "detainees", "2,250"), Stating("bb", "Daily", 2225, "approx", "fighters", "نحو 2225 عنصراً")]);

        Assert.HasCount(2, development.Figures);
        CollectionAssert.AreEqual(new long[] { 2225, 2250 }, development.Disagreements.Single().Values.ToArray());
    }
}
