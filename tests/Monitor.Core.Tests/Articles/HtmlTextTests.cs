using Monitor.Core.Articles;

namespace Monitor.Core.Tests.Articles;

[TestClass]
public sealed class HtmlTextTests
{
    [TestMethod]
    public void Tags_are_removed_and_their_text_kept()
    {
        var text = HtmlText.ToPlainText("<p>US moved <b>150</b> <a href=\"https://x\">ISIS detainees</a> to Iraq</p>");

        Assert.AreEqual("US moved 150 ISIS detainees to Iraq", text);
    }

    [TestMethod]
    public void Entities_are_decoded()
    {
        var text = HtmlText.ToPlainText("<p>Iraq &amp; Syria &#8211; &laquo;داعش&raquo; &quot;camps&quot;&nbsp;al-Hol</p>");

        Assert.AreEqual("Iraq & Syria – «داعش» \"camps\" al-Hol", text);
    }

    [TestMethod]
    public void Scripts_styles_embeds_and_figure_captions_are_dropped()
    {
        const string html = """
            <div><script>var detainees = 7000;</script><style>p { color: red; }</style>
            <noscript>Enable JavaScript</noscript><iframe src="https://ads"></iframe>
            <figure><img src="a.jpg" alt="convoy"><figcaption>A convoy near Hasakah (AFP)</figcaption></figure>
            <p>The transfer began on Wednesday.</p></div>
            """;

        var text = HtmlText.ToPlainText(html);

        Assert.AreEqual("The transfer began on Wednesday.", text);
    }

    [TestMethod]
    public void Block_elements_become_separate_lines()
    {
        var text = HtmlText.ToPlainText("<h2>Title</h2><p>First paragraph.</p><p>Second<br>line</p><ul><li>one</li><li>two</li></ul>");

        Assert.AreEqual("Title\nFirst paragraph.\nSecond\nline\none\ntwo", text);
    }

    [TestMethod]
    public void Whitespace_inside_html_is_collapsed_and_trimmed()
    {
        var text = HtmlText.ToPlainText("  <p>  نقل   150\n   محتجزاً  </p>\n\n  ");

        Assert.AreEqual("نقل 150 محتجزاً", text);
    }

    [TestMethod]
    public void Plain_text_comes_back_unchanged_except_whitespace()
    {
        var text = HtmlText.ToPlainText("  First line,   with  spaces.\r\n\r\n\r\nSecond line: 7 < 10 and a > b  \n");

        Assert.AreEqual("First line, with spaces.\nSecond line: 7 < 10 and a > b", text);
    }

    [TestMethod]
    public void Seed_text_without_tags_keeps_its_words_and_lines()
    {
        var seed = TestData.Seed(2);

        var text = HtmlText.ToPlainText(seed);

        var expected = string.Join('\n', seed.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        Assert.AreEqual(expected, text);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   \n ")]
    public void Nothing_gives_an_empty_string(string? html)
    {
        Assert.AreEqual("", HtmlText.ToPlainText(html));
    }

    [TestMethod]
    public void A_whole_page_gives_only_its_body_text()
    {
        var text = HtmlText.ToPlainText("<!doctype html><html><head><title>Page title</title><meta charset=utf-8></head><body><article><p>Body text.</p></article></body></html>");

        Assert.AreEqual("Body text.", text);
    }
}
