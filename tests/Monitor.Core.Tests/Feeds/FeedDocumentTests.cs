using Monitor.Core.Feeds;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class FeedDocumentTests
{
    private static ParsedFeed ParseFile(string name, string feedUrl) =>
        FeedDocument.Parse(FeedDecoding.Decode(TestData.Bytes("feeds", name), null), new Uri(feedUrl));

    [TestMethod]
    public void Atom_feed_gives_ids_alternate_links_offsets_and_the_richer_content()
    {
        var feed = ParseFile("atom.xml", "https://npasyria.example/en/feed/atom");

        Assert.AreEqual("Atom", feed.Format);
        Assert.AreEqual("North Press Agency - English", feed.Title);
        Assert.HasCount(2, feed.Items);
        Assert.IsNull(feed.TtlMinutes);

        var first = feed.Items[0];
        Assert.AreEqual("tag:npasyria.example,2026:article-128734", first.Id);
        Assert.AreEqual("US moves 150 ISIS detainees from Hasakah to Iraq", first.Title);
        Assert.AreEqual("https://npasyria.example/en/128734/", first.Link);
        Assert.AreEqual(new DateTimeOffset(2026, 2, 9, 10, 0, 0, TimeSpan.FromHours(3)), first.Published);
        Assert.AreEqual(TimeSpan.FromHours(3), first.Published!.Value.Offset);
        StringAssert.Contains(first.SummaryHtml, "<strong>150</strong>");
        StringAssert.Contains(first.SummaryHtml, "Up to 7,000 detainees may follow");

        var second = feed.Items[1];
        Assert.AreEqual("tag:npasyria.example,2026:article-128790", second.Id);
        Assert.AreEqual("https://npasyria.example/en/128790/families-return", second.Link);
        Assert.AreEqual(new DateTimeOffset(2026, 2, 8, 18, 45, 0, TimeSpan.Zero), second.Published);
        Assert.AreEqual("<p>Dozens of Iraqi families left <b>al-Hol</b> camp for their home towns.</p>", second.SummaryHtml);
    }

    [TestMethod]
    public void Rss20_feed_gives_ttl_guids_canonical_links_relative_links_and_hashes()
    {
        var feed = ParseFile("rss20.xml", "https://shafaq.example/en/rss");

        Assert.AreEqual("Rss_2_0", feed.Format);
        Assert.AreEqual(45, feed.TtlMinutes);
        Assert.HasCount(4, feed.Items);

        var withGuid = feed.Items[0];
        Assert.AreEqual("shafaq-en-2026-0209-117", withGuid.Id);
        Assert.AreEqual("shafaq-en-2026-0209-117", withGuid.Guid);
        Assert.AreEqual("https://shafaq.example/en/Security/global-coalition-welcomes-syria?utm_source=rss&utm_medium=feed", withGuid.Link);
        Assert.AreEqual(new DateTimeOffset(2026, 2, 9, 7, 0, 0, TimeSpan.Zero), withGuid.Published);
        Assert.AreEqual(TimeSpan.FromHours(3), withGuid.Published!.Value.Offset);
        StringAssert.Contains(withGuid.SummaryHtml, "<p>The Global Coalition to Defeat ISIS welcomed the Syrian government as its 90th member.</p>");

        var linkOnly = feed.Items[1];
        Assert.IsNull(linkOnly.Guid);
        Assert.AreEqual("https://shafaq.example/en/Iraq/received-2250-detainees?id=77&page=2", linkOnly.Id);
        Assert.AreEqual(new DateTimeOffset(2026, 2, 8, 21, 30, 0, TimeSpan.Zero), linkOnly.Published);
        Assert.AreEqual("<p>Iraqi authorities said 2,250 detainees have been received so far.</p>", linkOnly.SummaryHtml);

        var relative = feed.Items[2];
        Assert.AreEqual("https://shafaq.example/en/Security/guards-threatened", relative.Link);
        Assert.AreEqual("https://shafaq.example/en/Security/guards-threatened", relative.Id);
        Assert.AreEqual(TimeSpan.FromHours(-5), relative.Published!.Value.Offset);

        var bare = feed.Items[3];
        Assert.IsNull(bare.Link);
        Assert.AreEqual("Kirkuk raid leaves two suspects dead", bare.Title);
        Assert.AreEqual(ItemIdentity.HashOf("Kirkuk raid leaves two suspects dead", new DateTimeOffset(2026, 2, 7, 8, 0, 0, TimeSpan.Zero)), bare.Id);
        Assert.StartsWith("sha256:", bare.Id);
    }

    [TestMethod]
    public void Rss10_feed_uses_canonical_links_as_ids_and_dublin_core_dates()
    {
        var feed = ParseFile("rss10.rdf", "https://enabbaladi.example/en/feed/rdf");

        Assert.AreEqual("Rss_1_0", feed.Format);
        Assert.HasCount(2, feed.Items);
        var first = feed.Items[0];
        Assert.IsNull(first.Guid);
        Assert.AreEqual("Repatriations from Roj camp resume", first.Title);
        Assert.AreEqual("https://enabbaladi.example/en/archives/2026/02/roj-camp-repatriation/", first.Link);
        Assert.AreEqual("https://enabbaladi.example/en/archives/2026/02/roj-camp-repatriation", first.Id);
        Assert.AreEqual(new DateTimeOffset(2026, 2, 7, 14, 20, 0, TimeSpan.FromHours(3)), first.Published);
        Assert.AreEqual(TimeSpan.FromHours(3), first.Published!.Value.Offset);
        Assert.AreEqual("Several countries repatriated women and children from Roj camp.", first.SummaryHtml);
    }

    [TestMethod]
    public void Rss091_feed_with_netscape_doctype_parses()
    {
        var feed = ParseFile("rss091.xml", "https://ina.example/eng/rss.xml");

        Assert.AreEqual("Rss_0_91", feed.Format);
        Assert.HasCount(2, feed.Items);
        Assert.AreEqual("Baghdad and Washington discuss detainee transfers", feed.Items[0].Title);
        Assert.AreEqual("https://ina.example/eng/44120-baghdad-washington-detainees.html", feed.Items[0].Id);
        StringAssert.Contains(feed.Items[0].SummaryHtml, "Café Rafidain");
        Assert.IsNull(feed.Items[0].Published);
    }

    [TestMethod]
    public void Rss092_feed_parses()
    {
        const string xml = """
            <rss version="0.92"><channel><title>INA</title><link>https://ina.example/</link><description>d</description>
            <item><title>Hasakah prisons handed over</title><link>https://ina.example/n/1</link><description>Handover of facilities.</description></item>
            </channel></rss>
            """;

        var feed = FeedDocument.Parse(xml, new Uri("https://ina.example/rss"));

        Assert.AreEqual("Rss_0_92", feed.Format);
        Assert.AreEqual("https://ina.example/n/1", feed.Items.Single().Id);
        Assert.AreEqual("Handover of facilities.", feed.Items.Single().SummaryHtml);
    }

    [TestMethod]
    public void Arabic_windows_1256_feed_parses_into_arabic_titles()
    {
        var feed = ParseFile("arabic-windows-1256.xml", "https://shafaq.example/ar/rss");

        Assert.AreEqual("شفق نيوز", feed.Title);
        Assert.HasCount(2, feed.Items);
        Assert.AreEqual("التحالف الدولي يرحب بانضمام الحكومة السورية كعضو رسمي (رقم 90)", feed.Items[0].Title);
        Assert.AreEqual("https://shafaq.example/ar/n/117204", feed.Items[0].Id);
        Assert.AreEqual("نقل نحو 150 من معتقلي داعش من سوريا إلى العراق وتوقع وصول العدد إلى 7 آلاف", feed.Items[1].Title);
        StringAssert.Contains(feed.Items[1].SummaryHtml, "“سنتكوم”");
        Assert.AreEqual(new DateTimeOffset(2026, 2, 8, 6, 0, 0, TimeSpan.Zero), feed.Items[1].Published);
    }

    [TestMethod]
    [DataRow("utf8-bom.xml")]
    [DataRow("utf8-nobom.xml")]
    public void Utf8_feeds_parse_with_or_without_byte_order_mark(string name)
    {
        var feed = ParseFile(name, "https://rudaw.example/rss");

        Assert.AreEqual("العراق يتسلم دفعة من محتجزي داعش – Iraq receives detainees", feed.Items.Single().Title);
        Assert.AreEqual("rudaw-090220261", feed.Items.Single().Id);
    }

    [TestMethod]
    public void Html_page_is_not_a_feed()
    {
        var e = Assert.ThrowsExactly<FeedFormatException>(() => ParseFile("html-page.html", "https://aawsat.example/feed"));

        Assert.AreEqual(FeedFailureReason.NotAFeed, e.Reason);
    }

    [TestMethod]
    public void Xhtml_page_with_xml_declaration_is_not_a_feed()
    {
        const string xhtml = "<?xml version=\"1.0\"?>\n<!-- generated -->\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>Home</title></head><body/></html>";

        var e = Assert.ThrowsExactly<FeedFormatException>(() => FeedDocument.Parse(xhtml, new Uri("https://x.example/feed")));

        Assert.AreEqual(FeedFailureReason.NotAFeed, e.Reason);
    }

    [TestMethod]
    public void Challenge_page_is_reported_as_a_bot_wall()
    {
        var e = Assert.ThrowsExactly<FeedFormatException>(() => ParseFile("botwall-cloudflare.html", "https://x.example/feed"));

        Assert.AreEqual(FeedFailureReason.BotWall, e.Reason);
    }

    [TestMethod]
    public void Malformed_xml_is_reported_with_the_parsers_message()
    {
        var e = Assert.ThrowsExactly<FeedFormatException>(() => ParseFile("malformed.xml", "https://broken.example/rss"));

        Assert.AreEqual(FeedFailureReason.MalformedFeed, e.Reason);
        Assert.IsInstanceOfType<System.Xml.XmlException>(e.InnerException);
        StringAssert.Contains(e.Message, e.InnerException!.Message);
    }

    [TestMethod]
    public void Xml_that_is_neither_rss_nor_atom_is_malformed()
    {
        var e = Assert.ThrowsExactly<FeedFormatException>(() =>
            FeedDocument.Parse("<?xml version=\"1.0\"?><opml version=\"2.0\"><body/></opml>", new Uri("https://x.example/feed")));

        Assert.AreEqual(FeedFailureReason.MalformedFeed, e.Reason);
        StringAssert.Contains(e.Message, "<opml>");
    }

    [TestMethod]
    public void Rss_without_version_is_read_as_rss20()
    {
        var feed = FeedDocument.Parse("<rss><channel><title>t</title><item><title>Roj camp</title><guid>g-1</guid></item></channel></rss>", new Uri("https://x.example/feed"));

        Assert.AreEqual("g-1", feed.Items.Single().Id);
    }

    [TestMethod]
    public void Control_characters_that_xml_forbids_are_dropped()
    {
        var feed = FeedDocument.Parse("<rss version=\"2.0\"><channel><title>t</title><item><title>al-Hol\u000B camp\u001C</title><guid>g-2</guid></item></channel></rss>", new Uri("https://x.example/feed"));

        Assert.AreEqual("al-Hol camp", feed.Items.Single().Title);
    }

    [TestMethod]
    public void Guid_that_is_a_permalink_serves_as_the_link()
    {
        var feed = FeedDocument.Parse("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title><guid>https://x.example/a/1</guid></item><item><title>b</title><guid isPermaLink=\"false\">https://x.example/b/2</guid></item></channel></rss>", new Uri("https://x.example/feed"));

        Assert.AreEqual("https://x.example/a/1", feed.Items[0].Link);
        Assert.IsNull(feed.Items[1].Link);
    }

    [TestMethod]
    public void A_control_character_reference_in_one_title_leaves_the_rest_of_the_feed_readable()
    {
        const string Rss = """
            <rss version="2.0"><channel><title>T</title>
            <item><title>Bell &#x7; in &#7; a &#0; title &#xD800; &#x41;</title><link>https://outlet.example/1</link></item>
            <item><title>Second item</title><link>https://outlet.example/2</link></item>
            </channel></rss>
            """;

        var feed = FeedDocument.Parse(Rss, new Uri("https://outlet.example/rss"));

        Assert.HasCount(2, feed.Items);
        Assert.AreEqual("Bell in a title A", feed.Items[0].Title);
        Assert.AreEqual("Second item", feed.Items[1].Title);
    }

    [TestMethod]
    public void Items_that_share_a_guid_but_not_their_link_and_title_are_kept_as_distinct_items()
    {
        const string Rss = """
            <rss version="2.0"><channel><title>T</title>
            <item><title>First story</title><link>https://outlet.example/1</link><guid isPermaLink="false">42</guid></item>
            <item><title>Another story</title><link>https://outlet.example/2</link><guid isPermaLink="false">42</guid></item>
            <item><title>First story</title><link>https://outlet.example/1</link><guid isPermaLink="false">42</guid></item>
            </channel></rss>
            """;

        var feed = FeedDocument.Parse(Rss, new Uri("https://outlet.example/rss"));

        Assert.AreEqual("42", feed.Items[0].Id);
        StringAssert.StartsWith(feed.Items[1].Id, "42#");
        Assert.AreEqual("42", feed.Items[2].Id, "an exact repeat is the same item");
        Assert.AreEqual(feed.Items[1].Id, FeedDocument.Parse(Rss, new Uri("https://outlet.example/rss")).Items[1].Id, "the same id on every poll");
    }
}
