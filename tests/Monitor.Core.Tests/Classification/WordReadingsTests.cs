using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

[TestClass]
public sealed class WordReadingsTests
{
    [TestMethod]
    public void A_word_met_twice_is_the_same_word_with_the_same_readings()
    {
        var first = WordReadings.Of("والمحتجزين");
        var second = WordReadings.Of("والمحتجزين".AsSpan());

        Assert.AreSame(first, second);
        Assert.AreEqual("والمحتجزين", first.Readings[0]);
        CollectionAssert.Contains(first.Readings, "محتجز");
    }

    [TestMethod]
    public void An_english_word_reads_as_itself_and_its_stem()
    {
        var word = WordReadings.Of("transferred");

        CollectionAssert.AreEqual(new[] { "transferred", "transfer" }, word.Readings);
    }

    [TestMethod]
    public void Texts_share_their_words()
    {
        var a = MatchText.Of("نقلت القوات المحتجزين");
        var b = MatchText.Of("المحتجزين في الحسكة");

        Assert.AreSame(a.Words[2], b.Words[0]);
        Assert.AreEqual(a.Tokens.Count, a.Words.Count);
    }

    [TestMethod]
    public void Phrase_sets_past_the_words_own_slots_still_match()
    {
        // Every set made beyond KnownWord.SlotCount keeps what words start in its own table instead.
        var sets = Enumerable.Range(0, KnownWord.SlotCount + 8)
            .Select(i => new PhraseSet<int>([("مخيم الهول", i), ("transfer*", i)]))
            .ToList();
        var text = MatchText.Of("Transfers from مخيم الهول began");

        foreach (var set in sets)
        {
            var matches = set.Matches(text);
            Assert.HasCount(2, matches);
            Assert.AreEqual("transfer*", matches[0].Pattern);
            Assert.AreEqual("مخيم الهول", matches[1].Pattern);
        }
    }

    [TestMethod]
    public void What_a_set_remembers_on_a_word_does_not_leak_into_another_set()
    {
        var camps = new PhraseSet<string>([("الهول", "camp")]);
        var cities = new PhraseSet<string>([("الحسكة", "city")]);
        var text = MatchText.Of("من الهول إلى الحسكة");

        Assert.AreEqual("camp", camps.Matches(text).Single().Tag);
        Assert.AreEqual("city", cities.Matches(text).Single().Tag);
        Assert.AreEqual("camp", camps.Matches(MatchText.Of("الحسكة والهول")).Single().Tag);
    }
}
