using Monitor.Core.Articles;

namespace Monitor.Core.Tests.Articles;

[TestClass]
public sealed class ItemFieldsTests
{
    private static readonly DateTimeOffset Fetched = new(2026, 2, 2, 8, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow("0001-01-01T00:00:00Z")]
    [DataRow("1970-01-01T00:00:00Z")]
    [DataRow("1989-12-31T23:59:59Z")]
    [DataRow("2026-02-03T08:00:01Z")]
    [DataRow("9999-12-31T23:59:59Z")]
    public void Dates_before_1990_or_more_than_a_day_ahead_of_the_fetch_are_not_plausible(string date)
    {
        Assert.IsFalse(ItemFields.IsPlausible(DateTimeOffset.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Fetched));
    }

    [TestMethod]
    [DataRow("1990-01-01T00:00:00Z")]
    [DataRow("2026-02-02T07:00:00Z")]
    [DataRow("2026-02-03T08:00:00Z")]
    public void Dates_in_the_window_are_plausible(string date)
    {
        Assert.IsTrue(ItemFields.IsPlausible(DateTimeOffset.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Fetched));
        Assert.IsFalse(ItemFields.IsPlausible(null, Fetched));
    }

    [TestMethod]
    public void Bidirectional_overrides_and_control_characters_are_removed_from_titles()
    {
        Assert.AreEqual("gnp.exe invoice", ItemFields.Title("\u202Egnp.exe\u0007 \u2066invoice\u2069"));
        Assert.AreEqual("بغداد تتسلم", ItemFields.Title("\u200Fبغداد\u202B تتسلم\u202C"));
        Assert.AreEqual("می\u200Cخواهم", ItemFields.Title("می\u200Cخواهم"), "the joiners a script needs stay");
    }

    [TestMethod]
    public void A_title_of_CDATA_markers_leaves_no_markers_as_the_headline()
    {
        Assert.IsNull(ItemFields.Title("<![CDATA[]]>]]>"));
        Assert.AreEqual("Iraq receives detainees", ItemFields.Title("<![CDATA[Iraq receives]]> detainees ]]>"));
    }

    [TestMethod]
    public void A_megabyte_title_is_cut_at_a_word_to_the_stated_length()
    {
        var title = ItemFields.Title(string.Concat(Enumerable.Repeat("detainees moved ", 65_536)))!;

        Assert.IsLessThanOrEqualTo(ItemFields.MaxTitleLength + 1, title.Length);
        Assert.EndsWith("…", title);
        Assert.IsFalse(title[..^1].EndsWith(' '));
    }

    [TestMethod]
    public void Text_keeps_its_lines_and_loses_controls_and_overrides_and_is_cut_to_the_stated_length()
    {
        Assert.AreEqual("one\ntwo\tthree", ItemFields.Text("one\n\u0000two\t\u202Ethree"));
        Assert.HasCount(ItemFields.MaxTextLength, ItemFields.Text(new string('a', ItemFields.MaxTextLength * 2)));
    }

    [TestMethod]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        Assert.AreEqual("ab", ItemFields.Cut("ab\U0001F600", 3));
    }
}
