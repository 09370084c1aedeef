using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

[TestClass]
public sealed class EvaluationTests
{
    private static (BatchArticle, BatchResult) Case(string id, string label, bool predicted, string language = "en") =>
        (new BatchArticle { Id = id, Title = id, Label = label, Language = language },
         new BatchResult(id, language, predicted, predicted ? 0.9 : 0.1, null, [], new BatchFacts([], [], []), []));

    [TestMethod]
    public void Evaluation_counts_precision_recall_and_F1_per_language_and_leaves_borderline_out()
    {
        var evaluation = Evaluation.Of(
        [
            Case("a", "relevant", true), Case("b", "relevant", false), Case("c", "not_relevant", true),
            Case("d", "not_relevant", false), Case("e", "borderline", true), Case("f", "relevant", true, "ar"),
        ]);

        Assert.AreEqual(new Confusion(2, 1, 1, 1), evaluation.Overall);
        Assert.AreEqual(1, evaluation.Borderline);
        Assert.AreEqual(2.0 / 3, evaluation.Overall.Precision, 1e-9);
        Assert.AreEqual(2.0 / 3, evaluation.Overall.Recall, 1e-9);
        Assert.AreEqual(new Confusion(1, 0, 0, 0), evaluation.ByLanguage["ar"]);
        CollectionAssert.AreEqual(new[] { "b", "c" }, evaluation.Errors.Select(e => e.Id).ToArray());
    }

    [TestMethod]
    public void The_gate_names_each_set_below_the_threshold_and_skips_languages_without_relevant_items()
    {
        var evaluation = Evaluation.Of(
        [
            Case("a", "relevant", true), Case("b", "relevant", true), Case("c", "not_relevant", false),
            Case("d", "relevant", false, "ar"), Case("e", "relevant", true, "ar"),
            Case("f", "not_relevant", false, "ckb"),
        ]);

        var below = evaluation.Below(0.9);

        CollectionAssert.AreEqual(new[] { "overall", "ar" }, below.Select(b => b.Set).ToArray());
        Assert.AreEqual(6.0 / 7, below[0].F1, 1e-9);
        Assert.AreEqual(2.0 / 3, below[1].F1, 1e-9);
        Assert.IsEmpty(evaluation.Below(0.6));
    }

    [TestMethod]
    public void Evaluation_rejects_an_unknown_label_naming_the_article()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => Evaluation.Of([Case("x9", "maybe", true)]));
        StringAssert.Contains(error.Message, "x9");
    }

    [TestMethod]
    [DataRow("{ not json", "line 3: not valid JSON")]
    [DataRow("{\"title\":\"t\"}", "\"id\" is missing")]
    [DataRow("{\"id\":\"a1\"}", "neither \"title\" nor \"text\"")]
    public void A_bad_input_line_is_an_error_that_names_the_line(string line, string expected)
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => BatchArticle.Parse(line, 3));
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void Classifying_a_seed_gives_its_facts_with_canonical_ids()
    {
        var classifier = new ArticleClassifier(new TopicCatalog(Microsoft.Extensions.Options.Options.Create(new ClassificationOptions())));
        var result = BatchResult.Of(new BatchArticle { Id = "s1", Text = TestData.Seed(1) }, classifier, "detainee-transfers");

        Assert.IsTrue(result.Relevant);
        Assert.AreEqual("en", result.Language);
        CollectionAssert.Contains(result.Facts.Counts.Select(c => c.Value).ToList(), 150L);
        Assert.IsTrue(result.Facts.Counts.Any(c => c.Value == 7000 && c.Qualifier == CountFact.UpTo));
        CollectionAssert.Contains(result.Facts.Places.ToList(), "hasakah");
    }
}
