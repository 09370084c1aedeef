using System.Globalization;
using System.Security;
using System.Text;

namespace Monitor.IntegrationTests.Infrastructure;

/// <summary>Feeds built for a test: RSS 2.0 with as many items as it needs, in any encoding.</summary>
public static class SampleFeeds
{
    static SampleFeeds() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public sealed record Item(string Title, string Body, string Link, DateTimeOffset Published);

    public static byte[] Rss(IEnumerable<Item> items, string encodingName = "utf-8", string channelTitle = "Test outlet")
    {
        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"{encodingName}\"?>\n");
        xml.Append("<rss version=\"2.0\"><channel>");
        xml.Append(CultureInfo.InvariantCulture, $"<title>{SecurityElement.Escape(channelTitle)}</title><link>https://outlet.example/</link><description>Test feed</description>");
        foreach (var item in items)
        {
            xml.Append("<item>");
            xml.Append(CultureInfo.InvariantCulture, $"<title>{SecurityElement.Escape(item.Title)}</title>");
            xml.Append(CultureInfo.InvariantCulture, $"<link>{SecurityElement.Escape(item.Link)}</link>");
            xml.Append(CultureInfo.InvariantCulture, $"<guid isPermaLink=\"true\">{SecurityElement.Escape(item.Link)}</guid>");
            xml.Append(CultureInfo.InvariantCulture, $"<pubDate>{item.Published.ToString("r", CultureInfo.InvariantCulture)}</pubDate>");
            xml.Append(CultureInfo.InvariantCulture, $"<description>{SecurityElement.Escape("<p>" + item.Body + "</p>")}</description>");
            xml.Append("</item>");
        }

        xml.Append("</channel></rss>");
        return Encoding.GetEncoding(encodingName).GetBytes(xml.ToString());
    }

    /// <summary>N distinct English items about detainee transfers, a day apart from 1 Feb 2026.</summary>
    public static IReadOnlyList<Item> TransferItems(int count, string prefix = "item") =>
        [.. Enumerable.Range(1, count).Select(i => new Item(
            $"Iraq receives batch {i} of ISIS detainees transferred from Hasakah prisons in Syria",
            $"The U.S. military said it transferred {100 + i} ISIS detainees from a detention facility in Hasakah, Syria, to Iraqi custody in Baghdad on day {i}.",
            $"https://outlet.example/news/{prefix}-{i}?utm_source=rss",
            new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero).AddHours(i)))];
}
