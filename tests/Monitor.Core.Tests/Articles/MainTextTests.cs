using Monitor.Core.Articles;

namespace Monitor.Core.Tests.Articles;

[TestClass]
public sealed class MainTextTests
{
    private static PageText Asharq() => MainText.FromHtml(TestData.Text("pages", "asharq-003.html"));

    private static PageText Ledger() => MainText.FromHtml(TestData.Text("pages", "ledger-transfer.html"));

    [TestMethod]
    public void Asharq_page_title_comes_from_og_title()
    {
        Assert.AreEqual("العراق يستأنف تعاونه الثنائي مع واشنطن لملاحقة خلايا «داعش»", Asharq().Title);
    }

    [TestMethod]
    public void Asharq_page_text_is_the_whole_main_article_with_its_sub_headings()
    {
        var page = Asharq();

        Assert.StartsWith("أعلنت السلطات العراقية أن التحالف الدولي قد أوشك على إنهاء مهامه", page.Text);
        Assert.Contains("\n\nتنسيق سياسي\n\n", page.Text);
        Assert.Contains("عملية أمنية «ناجحة» استهدفت قيادياً بارزاً", page.Text);
        Assert.EndsWith("ومنع تسلل العناصر الإرهابية».", page.Text);
    }

    [TestMethod]
    public void Asharq_page_text_leaves_out_teasers_and_further_stories()
    {
        var text = Asharq().Text;

        foreach (var words in new[] { "حزب الله", "حماس", "مبيعات", "المالكي", "باريس", "2250", "سنهرب", "مقالات ذات صلة", "المزيد من الأخبار" })
        {
            Assert.DoesNotContain(words, text, $"main text contains «{words}»");
        }
    }

    [TestMethod]
    public void Asharq_page_text_leaves_out_title_caption_navigation_sharing_adverts_and_footer()
    {
        var text = Asharq().Text;

        foreach (var words in new[]
        {
            "العراق يستأنف تعاونه الثنائي", "جنود من التحالف الدولي ضد «داعش» (أرشيفية - أ.ف.ب)", "ثقافة وفنون", "الرئيسية",
            "واتساب", "اشترك في النشرة", "جميع الحقوق محفوظة", "dataLayer", "بغداد: «الشرق الأوسط»",
        })
        {
            Assert.DoesNotContain(words, text, $"main text contains «{words}»");
        }

        CollectionAssert.DoesNotContain(text.Split("\n\n"), "إعلان", "the advert slot's label is a paragraph of the main text");
    }

    [TestMethod]
    public void Ledger_page_title_comes_from_its_h1()
    {
        Assert.AreEqual("Iraq takes custody of hundreds of ISIS detainees moved from Syria", Ledger().Title);
    }

    [TestMethod]
    public void Ledger_page_text_is_the_story_body_without_related_arms_sale_teasers()
    {
        var page = Ledger();

        Assert.StartsWith("Iraq has taken custody of several hundred suspected Islamic State members", page.Text);
        Assert.Contains("in camps such as al-Hol and Roj.", page.Text);
        Assert.EndsWith("how many detainees would eventually be moved.", page.Text);
        Assert.HasCount(5, page.Text.Split("\n\n"));
        foreach (var words in new[] { "arms sale", "$90", "prime minister", "Related", "Storm warning", "Central bank" })
        {
            Assert.DoesNotContain(words, page.Text, $"main text contains «{words}»");
        }
    }

    [TestMethod]
    public void Ledger_page_text_leaves_out_caption_byline_sharing_adverts_comments_and_footer()
    {
        var text = Ledger().Text;

        foreach (var words in new[] { "A US convoy", "By Jane Doe", "Share on", "Advertisement", "Reader1", "All rights reserved", "Weather", "Middle East" })
        {
            Assert.DoesNotContain(words, text, $"main text contains «{words}»");
        }
    }

    [TestMethod]
    public void Without_an_article_element_the_block_with_most_paragraph_text_wins_over_link_lists()
    {
        const string html = """
            <html><body>
            <div class="links">
              <p><a href="/1">A very long headline linking to another story about something else entirely, and then some more words</a></p>
              <p><a href="/2">Another very long headline linking to yet another story about a different subject altogether</a></p>
              <p><a href="/3">A third very long headline linking elsewhere so that this list has more text than the story</a></p>
            </div>
            <div class="text">
              <p>The detainees were moved from Hasakah to Iraq on Wednesday.</p>
              <p>Officials said up to 7,000 more could follow.</p>
            </div>
            </body></html>
            """;

        var page = MainText.FromHtml(html);

        Assert.AreEqual("The detainees were moved from Hasakah to Iraq on Wednesday.\n\nOfficials said up to 7,000 more could follow.", page.Text);
    }

    [TestMethod]
    public void Without_og_title_or_h1_the_title_element_is_used_without_the_site_name()
    {
        const string html = "<html><head><title>Detainees moved from Syria to Iraq | The Ledger</title></head><body><p>The transfer began on Wednesday.</p></body></html>";

        var page = MainText.FromHtml(html);

        Assert.AreEqual("Detainees moved from Syria to Iraq", page.Title);
        Assert.AreEqual("The transfer began on Wednesday.", page.Text);
    }

    [TestMethod]
    public void A_wrapper_whose_class_mentions_a_sidebar_is_kept_when_it_holds_the_article()
    {
        const string html = """
            <html><body><div class="layout with-sidebar">
            <h1>Detainees moved</h1>
            <div class="text"><p>The detainees were moved from Hasakah to Iraq on Wednesday.</p></div>
            <div class="sidebar"><p>Short teaser.</p></div>
            </div></body></html>
            """;

        var page = MainText.FromHtml(html);

        Assert.AreEqual("Detainees moved", page.Title);
        Assert.AreEqual("The detainees were moved from Hasakah to Iraq on Wednesday.", page.Text);
    }

    [TestMethod]
    public void Empty_html_gives_no_title_and_empty_text()
    {
        foreach (var html in new[] { null, "", "   \n\t" })
        {
            var page = MainText.FromHtml(html);

            Assert.IsNull(page.Title);
            Assert.AreEqual("", page.Text);
        }
    }

    [TestMethod]
    public void Malformed_html_without_text_gives_empty_text_and_no_exception()
    {
        foreach (var html in new[] { "<html><body></div></span><p></p><!--", "<div><span><article></section></td>", "<!doctype html><html><head><title></title>" })
        {
            var page = MainText.FromHtml(html);

            Assert.AreEqual("", page.Text, html);
            Assert.IsNull(page.Title, html);
        }
    }

    [TestMethod]
    public void Unclosed_tags_still_give_their_text()
    {
        var page = MainText.FromHtml("<html><body><article><h1>Transfer</h1><p>The first group arrived in Baghdad.<p>More are expected <b>soon.");

        Assert.AreEqual("Transfer", page.Title);
        Assert.AreEqual("The first group arrived in Baghdad.\n\nMore are expected soon.", page.Text);
    }
}
