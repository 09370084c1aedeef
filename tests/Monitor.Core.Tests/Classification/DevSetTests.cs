using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

/// <summary>
/// The development set (testdata/devset/dev.jsonl, see its README) through the real topic file:
/// the gate CI holds the classifier to. The same numbers come from
/// <c>./monitor eval --in tests/Monitor.Core.Tests/testdata/devset/dev.jsonl</c>.
/// </summary>
[TestClass]
public sealed class DevSetTests
{
    private const double Gate = 0.93;

    private static readonly Lazy<IReadOnlyList<BatchArticle>> Items = new(() =>
        [.. File.ReadLines(TestData.PathOf("devset", "dev.jsonl")).Select((line, i) => BatchArticle.Parse(line, i + 1))]);

    private static readonly Lazy<Evaluation> Result = new(() =>
        Evaluation.Of(Items.Value.Select(a => (a, BatchResult.Of(a, Topics.Classifier, Topics.DetaineeTransfers)))));

    [TestMethod]
    public void The_dev_set_has_150_labelled_items_in_both_languages_with_hard_negatives()
    {
        var labelled = Items.Value.Where(a => a.Label is Evaluation.Relevant or Evaluation.NotRelevant).ToList();

        Assert.IsGreaterThanOrEqualTo(150, labelled.Count);
        foreach (var language in new[] { "ar", "en" })
        {
            Assert.IsGreaterThanOrEqualTo(40, labelled.Count(a => a.Language == language && a.Label == Evaluation.Relevant), language);
            Assert.IsGreaterThanOrEqualTo(40, labelled.Count(a => a.Language == language && a.Label == Evaluation.NotRelevant), language);
        }

        Assert.AreEqual(Items.Value.Count, Items.Value.Select(a => a.Id).Distinct().Count(), "ids are unique");
        Assert.IsTrue(Items.Value.Any(a => a.Id!.StartsWith("seed-", StringComparison.Ordinal)), "the seeds' stories are in it");
    }

    [TestMethod]
    public void F1_on_the_dev_set_is_at_least_the_gate_overall_and_in_each_language()
    {
        var evaluation = Result.Value;
        var errors = string.Join(Environment.NewLine, evaluation.Errors.Select(e => $"{e.Id} [{e.Language}] {e.Label} predicted {e.Predicted} score {e.Score}: {e.Title}"));

        Assert.IsGreaterThanOrEqualTo(Gate, evaluation.Overall.F1, $"overall F1 {evaluation.Overall.F1:F3}; errors:{Environment.NewLine}{errors}");
        foreach (var language in new[] { "ar", "en" })
        {
            var f1 = evaluation.ByLanguage[language].F1;
            Assert.IsGreaterThanOrEqualTo(Gate, f1, $"{language} F1 {f1:F3}; errors:{Environment.NewLine}{errors}");
        }
    }

    [TestMethod]
    public void Kurdish_items_are_not_read_as_arabic()
    {
        foreach (var item in Items.Value.Where(a => a.Language == "ckb"))
        {
            Assert.AreEqual(LanguageDetector.Other, LanguageDetector.Detect(item.Text!, 0), item.Id);
        }
    }
}
