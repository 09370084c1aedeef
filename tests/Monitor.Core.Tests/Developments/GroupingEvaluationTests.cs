using Monitor.Core.Developments;

namespace Monitor.Core.Tests.Developments;

[TestClass]
public sealed class GroupingEvaluationTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static DevelopmentArticle Article(string id, string language) =>
        new(id, "t " + id, null, "src", "Source", language, Day, 0.9) { Type = "transfer" };

    private static Development Development(string id, params DevelopmentArticle[] articles) =>
        DevelopmentBuilder.Build(id, articles);

    [TestMethod]
    public void Pairs_b_cubed_and_types_are_counted_against_the_labels()
    {
        // Events: A = a1, a2, a3 (a3 in English); B = b1, b2. Developments: {a1, a2}, {a3, b1}, {b2}.
        LabelledEvent[] labelled =
        [
            new("a1", "A", "transfer", "ar"), new("a2", "A", "transfer", "ar"), new("a3", "A", "transfer", "en"),
            new("b1", "B", "statement", "ar"), new("b2", "B", "statement", "ar"), new("missed", "B", "statement", "ar"),
        ];
        Development[] developments =
        [
            Development("d1", Article("a1", "ar"), Article("a2", "ar")),
            Development("d2", Article("a3", "en"), Article("b1", "ar")),
            Development("d3", Article("b2", "ar")),
        ];

        var e = GroupingEvaluation.Of(labelled, developments, new JoinScore(GroupingRules.Default));

        Assert.AreEqual(5, e.Articles);
        Assert.AreEqual(1, e.Missed, "the article no development holds");
        Assert.AreEqual(new PairCount(1, 4), e.SameEvent, "a1a2 together; a1a3, a2a3, b1b2 apart");
        Assert.AreEqual(new PairCount(0, 2), e.SameEventCrossLanguage, "a1a3 and a2a3");
        Assert.AreEqual(new PairCount(5, 6), e.DifferentEvents, "only a3b1 is wrongly together");
        Assert.AreEqual(new PairCount(1, 2), e.DifferentEventsCrossLanguage);

        // Precision: a1 1, a2 1, a3 1/2, b1 1/2, b2 1 → 4/5; recall: a1 2/3, a2 2/3, a3 1/3, b1 1/2, b2 1/2 → 8/15.
        Assert.AreEqual(0.8, e.BCubedPrecision, 1e-9);
        Assert.AreEqual(8.0 / 15, e.BCubedRecall, 1e-9);
        Assert.AreEqual(3, e.TypeRight.Right, "a1, a2, b2's developments have their labelled types");
        Assert.AreEqual(2, e.TypeConfusion[("statement", "transfer")]);
        Assert.HasCount(4, e.WrongPairs);
        Assert.IsTrue(e.WrongPairs.Single(p => p.Together).Reasons.Contains("b1 joined by", StringComparison.Ordinal));
        Assert.IsTrue(e.WrongPairs.Where(p => !p.Together).All(p => p.Reasons.Length > 0), "a pair apart says what kept it apart or what it shares");

        // d1 holds part of A, d2 mixes A and B, d3 part of B with A's type: each listed with its events.
        CollectionAssert.AreEquivalent(new[] { "d1", "d2", "d3" }, e.Mixed.Select(m => m.Id).ToArray());
        var mixed = e.Mixed.Single(m => m.Id == "d2");
        CollectionAssert.AreEquivalent(new[] { "A", "B" }, mixed.Events.Select(v => v.Event).ToArray());
        Assert.AreEqual(3, mixed.Events.Single(v => v.Event == "A").OfEvent);
        Assert.AreEqual("statement", e.Mixed.Single(m => m.Id == "d3").LabelledType);
        Assert.IsNull(e.Mixed.Single(m => m.Id == "d1").LabelledType);
    }

    [TestMethod]
    public void Gates_name_each_measure_below_its_least()
    {
        var e = new GroupingEvaluation(4, 2, 0, new PairCount(1, 2), PairCount.Empty, new PairCount(4, 4), PairCount.Empty, 1, 0.5, new PairCount(3, 4), new Dictionary<(string, string), int>(), [], []);

        var below = e.Below(0.9, 0.95, 0.5, 0.8);

        CollectionAssert.AreEqual(new[] { "same-event pairs together", "type accuracy" }, below.Select(b => b.Measure).ToArray());
        Assert.IsEmpty(e.Below(null, null, null, null));
    }
}
