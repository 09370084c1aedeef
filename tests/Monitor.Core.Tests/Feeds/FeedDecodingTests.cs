using System.Text;
using Monitor.Core.Feeds;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class FeedDecodingTests
{
    private const string ArabicHeadline = "التحالف الدولي يرحب بانضمام الحكومة السورية كعضو رسمي (رقم 90)";

    [TestMethod]
    public void Arabic_windows_1256_feed_decodes_through_its_xml_declaration()
    {
        var bytes = TestData.Bytes("feeds", "arabic-windows-1256.xml");

        var text = FeedDecoding.Decode(bytes, headerCharset: null);

        Assert.AreEqual(1256, FeedDecoding.ChooseEncoding(bytes, null, out _).CodePage);
        StringAssert.Contains(text, ArabicHeadline);
        StringAssert.Contains(text, "نقل نحو 150 من معتقلي داعش من سوريا إلى العراق وتوقع وصول العدد إلى 7 آلاف");
        StringAssert.Contains(text, "“سنتكوم”");
        StringAssert.Contains(text, "ورحّبت الحكومة العراقية");
        StringAssert.Contains(text, "مخيمي \"الهول\" و\"روج\"");
    }

    [TestMethod]
    public void Header_charset_wins_over_the_xml_declaration()
    {
        var bytes = Encoding.UTF8.GetBytes($"""<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel><title>{ArabicHeadline}</title></channel></rss>""");

        var withHeader = FeedDecoding.Decode(bytes, "utf-8");
        var withoutHeader = FeedDecoding.Decode(bytes, null);

        StringAssert.Contains(withHeader, ArabicHeadline);
        Assert.DoesNotContain(ArabicHeadline, withoutHeader);
    }

    [TestMethod]
    public void Header_charset_decodes_a_feed_without_declaration()
    {
        var encoding = FeedDecoding.Resolve("ISO-8859-6")!;
        var bytes = encoding.GetBytes("<rss version=\"2.0\"><channel><title>مخيم الهول</title></channel></rss>");

        var text = FeedDecoding.Decode(bytes, "ISO-8859-6");

        Assert.AreEqual(28596, encoding.CodePage);
        StringAssert.Contains(text, "<title>مخيم الهول</title>");
    }

    [TestMethod]
    public void Unknown_header_charset_falls_back_to_the_xml_declaration()
    {
        var bytes = TestData.Bytes("feeds", "arabic-windows-1256.xml");

        var text = FeedDecoding.Decode(bytes, "x-no-such-charset");

        StringAssert.Contains(text, ArabicHeadline);
    }

    [TestMethod]
    public void Unknown_declared_encoding_falls_back_to_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"klingon-8\"?><rss><channel><title>مخيم روج</title></channel></rss>");

        var text = FeedDecoding.Decode(bytes, null);

        StringAssert.Contains(text, "مخيم روج");
    }

    [TestMethod]
    public void Byte_order_mark_wins_over_the_header_and_is_stripped()
    {
        var bytes = TestData.Bytes("feeds", "utf8-bom.xml");

        var text = FeedDecoding.Decode(bytes, "windows-1256");

        Assert.StartsWith("<?xml", text);
        StringAssert.Contains(text, "العراق يتسلم دفعة من محتجزي داعش – Iraq receives detainees");
    }

    [TestMethod]
    public void Utf8_without_byte_order_mark_or_header_decodes_as_utf8()
    {
        var bytes = TestData.Bytes("feeds", "utf8-nobom.xml");

        var text = FeedDecoding.Decode(bytes, null);

        Assert.StartsWith("<?xml", text);
        StringAssert.Contains(text, "مخيم الهول — al-Hol camp");
    }

    [TestMethod]
    public void Utf16_with_byte_order_mark_decodes_without_it()
    {
        const string xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>الحسكة</title></channel></rss>";
        byte[] bytes = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(xml)];

        var text = FeedDecoding.Decode(bytes, "utf-8");

        Assert.AreEqual(xml, text);
    }

    [TestMethod]
    public void Utf16_without_byte_order_mark_is_recognised_by_its_zero_bytes()
    {
        const string xml = "<rss version=\"2.0\"><channel><title>الحسكة</title></channel></rss>";

        Assert.AreEqual(xml, FeedDecoding.Decode(Encoding.BigEndianUnicode.GetBytes(xml), null));
        Assert.AreEqual(xml, FeedDecoding.Decode(Encoding.Unicode.GetBytes(xml), null));
    }

    [TestMethod]
    public void Declaration_claiming_utf16_on_single_byte_text_is_ignored()
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-16\"?><rss><channel><title>Roj camp</title></channel></rss>");

        var text = FeedDecoding.Decode(bytes, null);

        StringAssert.Contains(text, "<title>Roj camp</title>");
    }

    [TestMethod]
    public void Latin1_declaration_decodes_accented_letters()
    {
        var text = FeedDecoding.Decode(TestData.Bytes("feeds", "rss091.xml"), null);

        StringAssert.Contains(text, "Café Rafidain");
    }

    [TestMethod]
    [DataRow("utf-8", 65001)]
    [DataRow("UTF8", 65001)]
    [DataRow("\"utf-8\"", 65001)]
    [DataRow("us-ascii", 65001)]
    [DataRow("windows-1256", 1256)]
    [DataRow("cp1256", 1256)]
    [DataRow("iso-8859-6", 28596)]
    [DataRow("ISO-8859-1", 1252)]
    [DataRow("utf-16", 1200)]
    public void Charset_names_resolve_to_code_pages(string name, int codePage)
    {
        Assert.AreEqual(codePage, FeedDecoding.Resolve(name)?.CodePage);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("  ")]
    [DataRow("x-unknown")]
    [DataRow("cp99999")]
    public void Unknown_charset_names_resolve_to_nothing(string name)
    {
        Assert.IsNull(FeedDecoding.Resolve(name));
    }

    [TestMethod]
    public void Xml_declaration_encoding_is_read_from_the_first_bytes()
    {
        Assert.AreEqual("windows-1256", FeedDecoding.XmlDeclarationEncoding(TestData.Bytes("feeds", "arabic-windows-1256.xml")));
        Assert.AreEqual("ISO-8859-1", FeedDecoding.XmlDeclarationEncoding(TestData.Bytes("feeds", "rss091.xml")));
        Assert.IsNull(FeedDecoding.XmlDeclarationEncoding(Encoding.ASCII.GetBytes("<?xml version=\"1.0\"?><rss/>")));
    }
}
