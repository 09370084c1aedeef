using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;
using Monitor.Core.Developments;
using Monitor.Core.Digests;

namespace Monitor.Core.Tests.Digests;

[TestClass]
public sealed class DigestFeedsTests
{
    private static readonly DateTimeOffset Generated = new(2026, 1, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly Uri Self = new("https://monitor.example/api/digest?topic=detainee-transfers&format=rss");

    private const string ArabicTitle = "نقل 150 محتجزاً من «داعش» إلى العراق";

    private const string EnglishTitle = "US moves 150 ISIS detainees to Iraq";

    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private static DevelopmentArticle Article(string id, string? title, string? url, string source, string language, DateTimeOffset published, double score) =>
        new(id, title, url, source, source.ToUpperInvariant(), language, published, score);

    /// <summary>A transfer told in Arabic (the best article) and in English, with figures.</summary>
    private static Development Transfer() => DevelopmentBuilder.Build("dev-transfer",
    [
        Article("a1", ArabicTitle, "https://example.test/ar?id=1&s=2", "alrai", "ar", new DateTimeOffset(2026, 1, 23, 8, 0, 0, TimeSpan.Zero), 0.95) with
        {
            Summary = "نقلت القوات الأميركية 150 محتجزاً من سجون الحسكة إلى العراق.",
            Type = "transfer",
            Figures = [new StatedFigure(150, "exact", "detainees", "150 محتجزاً")],
            Places = ["hasakah", "iraq"],
            Actors = ["centcom"],
        },
        Article("e1", EnglishTitle, "https://example.test/en/1", "reuters", "en", new DateTimeOffset(2026, 1, 23, 9, 30, 0, TimeSpan.Zero), 0.8) with
        {
            Summary = "US forces moved 150 detainees to Iraq, with up to 7,000 to follow.",
            Type = "transfer",
            Figures = [new StatedFigure(150, "exact", "detainees", "150 ISIS detainees"), new StatedFigure(7000, "up_to", "detainees", "up to 7,000")],
            Places = ["iraq"],
            Actors = ["centcom", "sdf"],
        },
    ]);

    /// <summary>A repatriation whose only article has no address.</summary>
    private static Development Repatriation() => DevelopmentBuilder.Build("dev-repatriation",
    [
        Article("e2", "Iraq repatriates 300 families from al-Hol", null, "rudaw", "en", new DateTimeOffset(2026, 1, 22, 15, 0, 0, TimeSpan.Zero), 0.7) with
        {
            Summary = "Iraq brought 300 families back from al-Hol camp.",
            Type = "repatriation",
            Figures = [new StatedFigure(300, "exact", "families", "300 families")],
            Places = ["iraq"],
        },
    ]);

    private static Digest Sample(string? language = null)
    {
        Development[] developments = [Transfer(), Repatriation()];
        return new Digest("detainee-transfers", Generated, Generated.AddDays(-2), Generated, developments)
        {
            TopicName = "Detainee transfers",
            Language = language,
            Series = FigureSeries.Of(developments),
        };
    }

    private static Digest WithArticles(string id, params DevelopmentArticle[] articles) =>
        Sample() with { Developments = [DevelopmentBuilder.Build(id, articles)] };

    private static SyndicationFeed Syndication(string xml, SyndicationFeedFormatter formatter)
    {
        using var reader = XmlReader.Create(new StringReader(xml));
        Assert.IsTrue(formatter.CanRead(reader), "the formatter does not recognise the document");
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }

    [TestMethod]
    public void Rss_parses_with_feed_reader_with_an_item_per_development()
    {
        var digest = Sample();
        var feed = FeedReader.ReadFromString(DigestFeeds.ToRss(digest, Self));

        Assert.AreEqual(FeedType.Rss_2_0, feed.Type);
        Assert.AreEqual("Digest: Detainee transfers", feed.Title);
        Assert.HasCount(2, feed.Items);
        var transfer = feed.Items[0];
        Assert.AreEqual(ArabicTitle, transfer.Title);
        Assert.AreEqual("https://example.test/ar?id=1&s=2", transfer.Link);
        Assert.AreEqual("urn:monitor:development:dev-transfer", transfer.Id);
        Assert.AreEqual(new DateTimeOffset(2026, 1, 23, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(transfer.PublishingDate!.Value.ToUniversalTime(), TimeSpan.Zero));
        CollectionAssert.AreEqual(new[] { "transfer" }, transfer.Categories.ToArray());
        Assert.AreEqual("Iraq repatriates 300 families from al-Hol", feed.Items[1].Title);
    }

    [TestMethod]
    public void Rss_parses_with_syndication_with_titles_links_ids_and_dates()
    {
        var digest = Sample();
        var feed = Syndication(DigestFeeds.ToRss(digest, Self), new Rss20FeedFormatter());
        var items = feed.Items.ToList();

        Assert.AreEqual("Digest: Detainee transfers", feed.Title.Text);
        Assert.AreEqual(Generated, feed.LastUpdatedTime);
        Assert.IsTrue(feed.Links.Any(l => l.Uri == Self), "the channel links to the feed");
        Assert.HasCount(2, items);

        Assert.AreEqual(ArabicTitle, items[0].Title.Text);
        Assert.AreEqual(new Uri("https://example.test/ar?id=1&s=2"), items[0].Links.Single().Uri);
        Assert.AreEqual("urn:monitor:development:dev-transfer", items[0].Id);
        Assert.AreEqual(new DateTimeOffset(2026, 1, 23, 9, 30, 0, TimeSpan.Zero), items[0].PublishDate);
        Assert.AreEqual("transfer", items[0].Categories.Single().Name);

        Assert.AreEqual("urn:monitor:development:dev-repatriation", items[1].Id);
        Assert.AreEqual(Self.AbsoluteUri + "#dev-dev-repatriation", items[1].Links.Single().Uri.AbsoluteUri);
        Assert.AreEqual(new DateTimeOffset(2026, 1, 22, 15, 0, 0, TimeSpan.Zero), items[1].PublishDate);
    }

    [TestMethod]
    public void Rss_marks_the_guid_as_no_permalink_and_says_where_it_is()
    {
        var rss = XDocument.Parse(DigestFeeds.ToRss(Sample("ar"), Self));
        var channel = rss.Root!.Element("channel")!;

        Assert.AreEqual("2.0", rss.Root.Attribute("version")!.Value);
        Assert.AreEqual("false", channel.Element("item")!.Element("guid")!.Attribute("isPermaLink")!.Value);
        var self = channel.Element(Atom + "link")!;
        Assert.AreEqual("self", self.Attribute("rel")!.Value);
        Assert.AreEqual(Self.AbsoluteUri, self.Attribute("href")!.Value);
        Assert.AreEqual("ar", channel.Element("language")!.Value);
        Assert.AreEqual("Sat, 24 Jan 2026 12:00:00 GMT", channel.Element("lastBuildDate")!.Value);
        Assert.IsFalse(string.IsNullOrWhiteSpace(channel.Element("description")!.Value));
    }

    [TestMethod]
    public void Rss_has_no_language_when_the_digest_has_none()
    {
        var rss = XDocument.Parse(DigestFeeds.ToRss(Sample(), Self));

        Assert.IsNull(rss.Root!.Element("channel")!.Element("language"));
    }

    [TestMethod]
    public void Atom_parses_with_feed_reader_with_an_entry_per_development()
    {
        var feed = FeedReader.ReadFromString(DigestFeeds.ToAtom(Sample(), Self));

        Assert.AreEqual(FeedType.Atom, feed.Type);
        Assert.AreEqual("Digest: Detainee transfers", feed.Title);
        Assert.HasCount(2, feed.Items);
        var transfer = feed.Items[0];
        Assert.AreEqual(ArabicTitle, transfer.Title);
        Assert.AreEqual("https://example.test/ar?id=1&s=2", transfer.Link);
        Assert.AreEqual("urn:monitor:development:dev-transfer", transfer.Id);
        var atom = (AtomFeedItem)transfer.SpecificItem;
        Assert.AreEqual(new DateTime(2026, 1, 23, 8, 0, 0, DateTimeKind.Utc), atom.PublishedDate!.Value.ToUniversalTime());
        Assert.AreEqual(new DateTime(2026, 1, 23, 9, 30, 0, DateTimeKind.Utc), atom.UpdatedDate!.Value.ToUniversalTime());
        Assert.AreEqual(Self.AbsoluteUri + "#dev-dev-repatriation", feed.Items[1].Link);
    }

    [TestMethod]
    public void Atom_parses_with_syndication_with_titles_links_ids_and_dates()
    {
        var feed = Syndication(DigestFeeds.ToAtom(Sample(), Self), new Atom10FeedFormatter());
        var items = feed.Items.ToList();

        Assert.AreEqual("urn:monitor:digest:detainee-transfers", feed.Id);
        Assert.AreEqual("Digest: Detainee transfers", feed.Title.Text);
        Assert.AreEqual(Generated, feed.LastUpdatedTime);
        Assert.AreEqual(Self, feed.Links.Single(l => l.RelationshipType == "self").Uri);
        Assert.AreEqual("Monitor", feed.Authors.Single().Name);
        Assert.HasCount(2, items);

        Assert.AreEqual(ArabicTitle, items[0].Title.Text);
        Assert.AreEqual("urn:monitor:development:dev-transfer", items[0].Id);
        Assert.AreEqual(new Uri("https://example.test/ar?id=1&s=2"), items[0].Links.Single(l => l.RelationshipType == "alternate").Uri);
        Assert.AreEqual(new DateTimeOffset(2026, 1, 23, 8, 0, 0, TimeSpan.Zero), items[0].PublishDate);
        Assert.AreEqual(new DateTimeOffset(2026, 1, 23, 9, 30, 0, TimeSpan.Zero), items[0].LastUpdatedTime);
        Assert.AreEqual("transfer", items[0].Categories.Single().Name);

        Assert.AreEqual("urn:monitor:development:dev-repatriation", items[1].Id);
        Assert.AreEqual(Self.AbsoluteUri + "#dev-dev-repatriation", items[1].Links.Single().Uri.AbsoluteUri);
    }

    [TestMethod]
    public void Atom_content_is_html_with_the_summary_figures_and_article_links()
    {
        var feed = Syndication(DigestFeeds.ToAtom(Sample(), Self), new Atom10FeedFormatter());
        var content = (TextSyndicationContent)feed.Items.First().Content;

        Assert.AreEqual("html", content.Type);
        StringAssert.Contains(content.Text, "<p>نقلت القوات الأميركية 150 محتجزاً من سجون الحسكة إلى العراق.</p>");
        StringAssert.Contains(content.Text, "<li>150 detainees — ALRAI: “150 محتجزاً”; REUTERS: “150 ISIS detainees”</li>");
        StringAssert.Contains(content.Text, "<li>up to 7,000 detainees — REUTERS: “up to 7,000”</li>");
        StringAssert.Contains(content.Text, "<a href=\"https://example.test/ar?id=1&amp;s=2\">" + ArabicTitle + "</a> — ALRAI, ar, 2026-01-23 08:00 UTC");
        StringAssert.Contains(content.Text, "<a href=\"https://example.test/en/1\">" + EnglishTitle + "</a>");
    }

    [TestMethod]
    public void Both_feeds_give_the_headline_and_link_in_the_readers_language()
    {
        var digest = Sample("en");

        var rss = Syndication(DigestFeeds.ToRss(digest, Self), new Rss20FeedFormatter()).Items.First();
        var atom = Syndication(DigestFeeds.ToAtom(digest, Self), new Atom10FeedFormatter()).Items.First();

        Assert.AreEqual(EnglishTitle, rss.Title.Text);
        Assert.AreEqual(new Uri("https://example.test/en/1"), rss.Links.Single().Uri);
        Assert.AreEqual(EnglishTitle, atom.Title.Text);
        Assert.AreEqual(new Uri("https://example.test/en/1"), atom.Links.Single(l => l.RelationshipType == "alternate").Uri);
    }

    [TestMethod]
    public void Both_feeds_are_utf8_documents_without_a_byte_order_mark()
    {
        foreach (var xml in new[] { DigestFeeds.ToRss(Sample(), Self), DigestFeeds.ToAtom(Sample(), Self) })
        {
            Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", xml);
            StringAssert.Contains(xml, ArabicTitle);
        }
    }

    [TestMethod]
    public void Markup_and_control_characters_in_titles_stay_text_in_well_formed_xml()
    {
        var digest = WithArticles("dev-x",
            Article("x1", "Breaking <script>alert(1)</script>\u0001 & more\uFFFF", "https://example.test/x", "evil", "en", Generated.AddHours(-1), 0.9) with
            {
                Summary = "<img src=x onerror=alert(1)>\u0002 summary \uD800",
            });

        foreach (var (xml, formatter) in new (string, SyndicationFeedFormatter)[]
        {
            (DigestFeeds.ToRss(digest, Self), new Rss20FeedFormatter()),
            (DigestFeeds.ToAtom(digest, Self), new Atom10FeedFormatter()),
        })
        {
            Assert.DoesNotContain("<script>", xml);
            Assert.DoesNotContain("<img", xml);
            var item = Syndication(xml, formatter).Items.Single();
            Assert.AreEqual("Breaking <script>alert(1)</script> & more", item.Title.Text);
            var html = ((TextSyndicationContent?)item.Content ?? item.Summary).Text;
            StringAssert.Contains(html, "Breaking &lt;script&gt;alert(1)&lt;/script&gt; &amp; more");
            Assert.DoesNotContain("<script", html);
            Assert.DoesNotContain("<img", html);
            Assert.AreEqual("Breaking <script>alert(1)</script> & more", FeedReader.ReadFromString(xml).Items.Single().Title);
        }
    }

    [TestMethod]
    public void A_javascript_address_never_becomes_a_link()
    {
        var digest = WithArticles("dev-js",
            Article("j1", "Click me", "javascript:alert(1)", "evil", "en", Generated.AddHours(-1), 0.9),
            Article("j2", "Or me", " JavaScript:alert(2)", "evil2", "en", Generated.AddHours(-2), 0.5));

        var rss = DigestFeeds.ToRss(digest, Self);
        var atom = DigestFeeds.ToAtom(digest, Self);

        Assert.DoesNotContain("javascript", rss, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript", atom, StringComparison.OrdinalIgnoreCase);
        Assert.AreEqual(Self.AbsoluteUri + "#dev-dev-js", Syndication(rss, new Rss20FeedFormatter()).Items.Single().Links.Single().Uri.AbsoluteUri);
        Assert.AreEqual(Self.AbsoluteUri + "#dev-dev-js", FeedReader.ReadFromString(atom).Items.Single().Link);
    }

    [TestMethod]
    public void Without_an_address_for_the_headline_the_link_is_the_first_http_article()
    {
        // The best article (highest score) has no address; the headline is its title, so the link
        // falls back to the first article with an http address.
        var digest = WithArticles("dev-l",
            Article("l1", "Best", null, "one", "en", Generated.AddHours(-3), 0.9),
            Article("l2", "Second", "http://example.test/2", "two", "en", Generated.AddHours(-2), 0.5),
            Article("l3", "Third", "https://example.test/3", "three", "en", Generated.AddHours(-1), 0.4));

        var item = Syndication(DigestFeeds.ToAtom(digest, Self), new Atom10FeedFormatter()).Items.Single();

        Assert.AreEqual("Best", item.Title.Text);
        Assert.AreEqual(new Uri("http://example.test/2"), item.Links.Single(l => l.RelationshipType == "alternate").Uri);
    }

    [TestMethod]
    public void An_empty_digest_is_a_valid_empty_feed()
    {
        var digest = Sample() with { Developments = [], Series = [] };
        var rss = DigestFeeds.ToRss(digest, Self);
        var atom = DigestFeeds.ToAtom(digest, Self);

        var rssFeed = Syndication(rss, new Rss20FeedFormatter());
        var atomFeed = Syndication(atom, new Atom10FeedFormatter());

        Assert.IsEmpty(rssFeed.Items);
        Assert.AreEqual("Digest: Detainee transfers", rssFeed.Title.Text);
        Assert.IsEmpty(atomFeed.Items);
        Assert.AreEqual("urn:monitor:digest:detainee-transfers", atomFeed.Id);
        Assert.AreEqual(Generated, atomFeed.LastUpdatedTime);
        Assert.IsEmpty(FeedReader.ReadFromString(rss).Items);
        Assert.IsEmpty(FeedReader.ReadFromString(atom).Items);
    }

    [TestMethod]
    public void Atom_names_the_language_when_the_digest_has_one()
    {
        var feed = XDocument.Parse(DigestFeeds.ToAtom(Sample("en"), Self));

        Assert.AreEqual("en", feed.Root!.Attribute(XNamespace.Xml + "lang")!.Value);
        Assert.IsNull(XDocument.Parse(DigestFeeds.ToAtom(Sample(), Self)).Root!.Attribute(XNamespace.Xml + "lang"));
    }

    [TestMethod]
    public void A_relative_feed_address_is_refused()
    {
        Assert.ThrowsExactly<ArgumentException>(() => DigestFeeds.ToRss(Sample(), new Uri("/api/digest", UriKind.Relative)));
    }

    [TestMethod]
    [DataRow("a\u0001b\u0000c", "abc")]
    [DataRow("  two\n\tlines  ", "two lines")]
    [DataRow("\uFFFE\uFFFF\u0085", "")]
    public void Feed_text_keeps_only_characters_xml_allows(string text, string expected)
    {
        Assert.AreEqual(expected, DigestFeeds.Line(text));
    }

    [TestMethod]
    public void Feed_text_keeps_surrogate_pairs_and_drops_lone_surrogates()
    {
        Assert.AreEqual("pair \uD83D\uDE00 kept, lone dropped", DigestFeeds.Line("pair \uD83D\uDE00 kept, lone \uD800 dropped\uDC00"));
    }

    [TestMethod]
    public void With_a_readers_language_each_item_is_titled_in_it_and_a_fact_line_says_it_was_generated()
    {
        var digest = DigestAssembler.Assemble(
            "detainee-transfers", "Detainee transfers", [Transfer(), Repatriation()],
            new DigestQuery("detainee-transfers", Generated.AddDays(-3), Generated, DigestFormat.Rss) { Filters = DigestFilters.None with { ReaderLanguage = "ar" } },
            Generated,
            Classification.Topics.Catalog.Find(Classification.Topics.DetaineeTransfers)!.FactLines);

        var rss = XDocument.Parse(DigestFeeds.ToRss(digest, Self));
        var atom = XDocument.Parse(DigestFeeds.ToAtom(digest, Self));

        Assert.AreEqual("ar", rss.Root!.Element("channel")!.Element("language")!.Value);
        Assert.AreEqual("ar", atom.Root!.Attribute(XNamespace.Xml + "lang")!.Value);
        var titles = rss.Descendants("item").Select(i => i.Element("title")!.Value).ToList();
        Assert.AreEqual(ArabicTitle, titles[0], "the transfer has an Arabic title");
        Assert.AreEqual("إعادة 300 عائلة إلى العراق [" + ReaderText.MarkerIn("ar") + "]", titles[1], "the English-only repatriation gets its Arabic fact line, marked");
        Assert.AreEqual(titles[1], atom.Descendants(Atom + "entry").ElementAt(1).Element(Atom + "title")!.Value);
    }
}
