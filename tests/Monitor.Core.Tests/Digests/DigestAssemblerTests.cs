using Monitor.Core.Developments;
using Monitor.Core.Digests;

namespace Monitor.Core.Tests.Digests;

[TestClass]
public sealed class DigestAssemblerTests
{
    private static readonly DateTimeOffset Day = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<Development> Developments(int count) =>
        [.. Enumerable.Range(0, count).Select(i => DevelopmentBuilder.Build("d" + i, [new DevelopmentArticle("a" + i, "Title " + i, null, "src", "Source", i % 2 == 0 ? "ar" : "en", Day.AddHours(i), 0.9) { Type = i % 3 == 0 ? "repatriation" : "transfer" }]))];

    private static Digest Page(List<Development> developments, DigestFilters filters, string? continuation = null) =>
        DigestAssembler.Assemble("t", "T", developments, new DigestQuery("t", Day, Day.AddDays(1), DigestFormat.Json) { Filters = filters, Continuation = continuation }, Day.AddDays(1), FactLinePhrases.None);

    [TestMethod]
    public void Pages_follow_each_other_newest_first_until_the_last()
    {
        var all = Developments(5);

        var first = Page(all, DigestFilters.None with { Limit = 2 });
        var second = Page(all, DigestFilters.None with { Limit = 2 }, first.Continuation);
        var third = Page(all, DigestFilters.None with { Limit = 2 }, second.Continuation);

        CollectionAssert.AreEqual(new[] { "d4", "d3", "d2", "d1", "d0" }, first.Developments.Concat(second.Developments).Concat(third.Developments).Select(d => d.Id).ToArray());
        Assert.IsNull(third.Continuation);
    }

    [TestMethod]
    public void Without_a_limit_every_development_is_on_one_page()
    {
        var digest = Page(Developments(600), DigestFilters.None with { Limit = int.MaxValue });

        Assert.HasCount(600, digest.Developments);
        Assert.IsNull(digest.Continuation);
    }

    [TestMethod]
    public void Language_and_type_filters_choose_developments()
    {
        var all = Developments(6);

        CollectionAssert.AreEquivalent(new[] { "d0", "d2", "d4" }, Page(all, DigestFilters.None with { Language = "ar" }).Developments.Select(d => d.Id).ToArray());
        CollectionAssert.AreEquivalent(new[] { "d0", "d3" }, Page(all, DigestFilters.None with { Types = ["repatriation"] }).Developments.Select(d => d.Id).ToArray());
    }
}
