using Monitor.Core.Articles;

namespace Monitor.Core.Tests.Articles;

[TestClass]
public sealed class ArticleTitlesTests
{
    private const string Body = "أفاد مصدر أمني عراقي، يوم الثلاثاء، بوصول دفعة جديدة من معتقلي داعش إلى بغداد قادمين من الحسكة.";

    [TestMethod]
    [DataRow("شفق نيوز- واشنطن")]
    [DataRow("كتب : صفاء مصطفى... العرب نيوز اللندنية")]
    [DataRow("date 2026-01-23 أعرب وزير الخارجية الأمريكي عن ترحيبه بالمبادرة العراقية لاحتجاز عناصر داعش.")]
    [DataRow("الثلاثاء 3 شباط/فبراير 2026")]
    [DataRow("Shafaq News")]
    public void A_title_that_tells_no_news_is_read_as_the_texts_first_line(string title)
    {
        var (headline, text) = ArticleTitles.Separate(title, Body, "Shafaq News");

        Assert.IsNull(headline);
        Assert.AreEqual(title + "\n" + Body, text);
    }

    [TestMethod]
    public void A_headline_stays_the_title()
    {
        var (headline, text) = ArticleTitles.Separate("وصول دفعة جديدة من معتقلي داعش إلى بغداد", Body, "Shafaq News");

        Assert.AreEqual("وصول دفعة جديدة من معتقلي داعش إلى بغداد", headline);
        Assert.AreEqual(Body, text);
    }

    [TestMethod]
    public void No_title_leaves_the_text_as_it_is()
    {
        Assert.AreEqual((null, Body), ArticleTitles.Separate("  ", Body));
        Assert.AreEqual(((string?)null, ""), ArticleTitles.Separate(null, null));
    }
}
