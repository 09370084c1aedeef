using Monitor.Core.Feeds;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class FeedDatesTests
{
    [TestMethod]
    [DataRow("Mon, 09 Feb 2026 10:00:00 +0300", "2026-02-09T10:00:00+03:00")]
    [DataRow("Mon, 09 Feb 2026 10:00:00 +03:00", "2026-02-09T10:00:00+03:00")]
    [DataRow("Mon, 9 Feb 2026 10:00 GMT", "2026-02-09T10:00:00+00:00")]
    [DataRow("Mon, 09 Feb 2026 10:00:00 Z", "2026-02-09T10:00:00+00:00")]
    [DataRow("09 Feb 26 10:00:00 EST", "2026-02-09T10:00:00-05:00")]
    [DataRow("Monday, 09 February 2026 10:00:00 PDT", "2026-02-09T10:00:00-07:00")]
    [DataRow("Tue, 09 Feb 2026 10:00:00 +0300", "2026-02-09T10:00:00+03:00")]
    [DataRow("Mon, 09 Feb 2026 10:00:00 -0430", "2026-02-09T10:00:00-04:30")]
    [DataRow("Mon, 09 Feb 2026 10:00:00 GMT+0300", "2026-02-09T10:00:00+03:00")]
    [DataRow("Mon, 09 Feb 2026 10:00:00 XYZ", "2026-02-09T10:00:00+00:00")]
    [DataRow("Mon, 09 Feb 2026 10:00:00", "2026-02-09T10:00:00+00:00")]
    [DataRow("2026-02-09T10:00:00+03:00", "2026-02-09T10:00:00+03:00")]
    [DataRow("2026-02-09T07:00:00.123Z", "2026-02-09T07:00:00.123+00:00")]
    [DataRow("2026-02-09 10:00:00", "2026-02-09T10:00:00+00:00")]
    [DataRow("  Mon, 09 Feb 2026 10:00:00 +0300\n", "2026-02-09T10:00:00+03:00")]
    public void Feed_dates_keep_their_offset(string text, string expected)
    {
        var want = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);

        var parsed = FeedDates.Parse(text);

        Assert.AreEqual(want, parsed);
        Assert.AreEqual(want.Offset, parsed!.Value.Offset);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("yesterday")]
    [DataRow("Mon, 31 Feb 2026 10:00:00 +0000")]
    [DataRow("Mon, 09 Foo 2026 10:00:00 +0000")]
    [DataRow("Mon, 09 Feb 2026 25:00:00 +0000")]
    public void Text_that_is_not_a_date_gives_nothing(string? text)
    {
        Assert.IsNull(FeedDates.Parse(text));
    }
}
