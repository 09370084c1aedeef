using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using MimeKit;
using Monitor.Core.Delivery;
using Monitor.Core.Developments;
using Monitor.Core.Digests;

namespace Monitor.Core.Tests.Delivery;

/// <summary>Developments and digests the email tests share.</summary>
internal static class EmailTestData
{
    public static readonly DateTimeOffset Day = new(2026, 1, 23, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Generated = new(2026, 1, 25, 12, 0, 0, TimeSpan.Zero);

    public const string ArabicTitle = "نقل 2250 محتجزاً من «داعش» من سجون الحسكة إلى العراق";
    public const string ArabicSummary = "أعلنت القيادة المركزية الأمريكية نقل 2250 محتجزاً من سجون الحسكة إلى العراق.";
    public const string EnglishTitle = "US moves 2,300 ISIS detainees from Syria to Iraq";
    public const string PlanTitle = "Iraq agrees to take up to 7,000 ISIS detainees";
    public const string HostileTitle = "Camp <script>alert('x')</script> & al-Hol \"news\"";

    public static readonly DevelopmentArticle ArabicArticle = new(
        "a1", ArabicTitle, "https://example.test/ar?id=1&x=2", "alrai", "Alrai Media", "ar", Day, 0.9)
    {
        Summary = ArabicSummary,
        Type = "transfer",
        Figures = [new StatedFigure(2250, "exact", "detainees", "2250 محتجزاً")],
    };

    public static readonly DevelopmentArticle EnglishArticle = new(
        "e1", EnglishTitle, "https://example.test/en/1", "reuters", "Reuters", "en", Day.AddHours(2), 0.8)
    {
        Summary = "The US military said it had moved 2,300 detainees from Hasakah to Iraq.",
        Type = "transfer",
        Figures = [new StatedFigure(2300, "exact", "detainees", "2,300 ISIS detainees")],
    };

    public static readonly DevelopmentArticle PlanArticle = new(
        "p-article", PlanTitle, "https://example.test/en/plan", "ap", "AP", "en", Day.AddDays(1), 0.85)
    {
        Summary = "Baghdad agreed to receive up to 7,000 detainees held in north-east Syria.",
        Type = "plan_or_agreement",
        Figures = [new StatedFigure(7000, "up_to", "detainees", "up to 7,000")],
    };

    public static readonly DevelopmentArticle HostileArticle = new(
        "h1", HostileTitle, "javascript:alert(1)", "evil", "Evil <b>Feed</b>", "en", Day.AddDays(1), 0.7)
    {
        Summary = "Nothing <img src=x onerror=alert(1)> here.",
        Type = "other",
    };

    public static Development Transfer => DevelopmentBuilder.Build("t1", [ArabicArticle, EnglishArticle]);

    public static Development Plan => DevelopmentBuilder.Build("p1", [PlanArticle]);

    public static Development Hostile => DevelopmentBuilder.Build("h1", [HostileArticle]);

    public static Digest DigestOf(string? language, params Development[] developments) => new(
        "detainee-transfers", Generated, Generated.AddDays(-3), Generated, developments)
    {
        TopicName = "ISIS detainee transfers to Iraq",
        Language = language,
    };

    public static DigestDelivery DeliveryOf(Digest digest, string id = "dlv-20260125-0001") => new(
        id,
        "sub-42",
        digest,
        new Uri("https://monitor.example/api/unsubscribe?token=abc&s=sub-42"),
        new Uri("https://monitor.example/api/subscriptions/sub-42?token=abc"));
}

[TestClass]
public sealed class DigestEmailTests
{
    private static readonly MailboxAddress From = new("Monitor", "monitor@monitor.example");

    private static MimeMessage Compose(DigestDelivery delivery) =>
        DigestEmail.Compose(delivery, "reader@example.org", From, "monitor.example");

    private static (string Plain, string Html) Parts(MimeMessage message)
    {
        var alternative = message.Body as MultipartAlternative;
        Assert.IsNotNull(alternative, "the body is multipart/alternative");
        Assert.HasCount(2, alternative);
        var plain = alternative.OfType<TextPart>().Single(p => p.IsPlain);
        var html = alternative.OfType<TextPart>().Single(p => p.IsHtml);
        Assert.AreEqual("text/plain", alternative[0].ContentType.MimeType, "the plain part comes first, the richest last");
        Assert.AreEqual("text/html", alternative[1].ContentType.MimeType);
        return (plain.Text, html.Text);
    }

    /// <summary>The message as it goes over the wire, parsed back.</summary>
    private static MimeMessage RoundTrip(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }

    [TestMethod]
    public void Both_parts_carry_every_development_with_headlines_figures_and_article_links()
    {
        var message = RoundTrip(Compose(EmailTestData.DeliveryOf(EmailTestData.DigestOf("ar", EmailTestData.Transfer, EmailTestData.Plan))));
        var (plain, html) = Parts(message);
        var document = new HtmlParser().ParseDocument(html);
        var shown = document.Body!.TextContent;
        var links = string.Join("\n", document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")));

        foreach (var (part, urls) in new[] { (plain, plain), (shown, links) })
        {
            StringAssert.Contains(part, EmailTestData.ArabicTitle, "the Arabic headline (the digest's language)");
            StringAssert.Contains(part, EmailTestData.PlanTitle);
            StringAssert.Contains(part, EmailTestData.EnglishTitle, "the English article's title");
            StringAssert.Contains(part, EmailTestData.ArabicSummary);
            StringAssert.Contains(part, "2,250 detainees");
            StringAssert.Contains(part, "2,300 detainees");
            StringAssert.Contains(part, "up to 7,000 detainees");
            StringAssert.Contains(part, "Reuters");
            StringAssert.Contains(part, "Alrai Media");
            StringAssert.Contains(urls, "https://example.test/en/1");
            StringAssert.Contains(urls, "https://example.test/en/plan");
            StringAssert.Contains(urls, "https://example.test/ar?id=1&x=2");
            StringAssert.Contains(part, "plan or agreement");
        }

        StringAssert.Contains(plain, "https://example.test/ar?id=1&x=2");
        StringAssert.Contains(html, "https://example.test/ar?id=1&amp;x=2");
        StringAssert.Contains(plain, "Unsubscribe: https://monitor.example/api/unsubscribe?token=abc&s=sub-42");
        StringAssert.Contains(plain, "Manage your subscription: https://monitor.example/api/subscriptions/sub-42?token=abc");
        Assert.IsGreaterThan(plain.IndexOf(EmailTestData.PlanTitle, StringComparison.Ordinal), plain.IndexOf("Unsubscribe:", StringComparison.Ordinal), "the links end the text");
    }

    [TestMethod]
    public void Html_part_links_articles_and_sources_and_ends_with_the_unsubscribe_link()
    {
        var (_, html) = Parts(Compose(EmailTestData.DeliveryOf(EmailTestData.DigestOf(null, EmailTestData.Transfer, EmailTestData.Plan))));
        var document = new HtmlParser().ParseDocument(html);

        var hrefs = document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).ToList();
        CollectionAssert.Contains(hrefs, "https://example.test/ar?id=1&x=2");
        CollectionAssert.Contains(hrefs, "https://example.test/en/1");
        CollectionAssert.Contains(hrefs, "https://example.test/en/plan");
        var reuters = document.QuerySelectorAll("li").First(li => li.TextContent.Contains("2,300 detainees", StringComparison.Ordinal));
        Assert.AreEqual("https://example.test/en/1", reuters.QuerySelector("a")!.GetAttribute("href"), "a figure links to the article of its source");

        var last = document.QuerySelectorAll("a[href]").Last();
        Assert.AreEqual("https://monitor.example/api/unsubscribe?token=abc&s=sub-42", last.GetAttribute("href"));
        Assert.AreEqual("Unsubscribe", last.TextContent);
        Assert.IsTrue(hrefs.Contains("https://monitor.example/api/subscriptions/sub-42?token=abc"), "the manage link");
    }

    [TestMethod]
    public void Html_part_is_email_safe_inline_styles_no_scripts_no_images_no_style_block()
    {
        var (_, html) = Parts(Compose(EmailTestData.DeliveryOf(EmailTestData.DigestOf(null, EmailTestData.Transfer, EmailTestData.Hostile))));
        var document = new HtmlParser().ParseDocument(html);

        Assert.IsEmpty(document.QuerySelectorAll("script"));
        Assert.IsEmpty(document.QuerySelectorAll("img"));
        Assert.IsEmpty(document.QuerySelectorAll("style"));
        Assert.IsEmpty(document.QuerySelectorAll("link"));
        Assert.IsTrue(document.All.All(e => !e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))), "no event handlers");
        Assert.IsTrue(document.QuerySelectorAll("a[href]").All(a => a.GetAttribute("href")!.StartsWith("https://", StringComparison.Ordinal)), "only http(s) links");
        Assert.IsNotNull(document.Body!.GetAttribute("style"), "styles are inline");
    }

    [TestMethod]
    public void Feed_text_with_markup_is_encoded_in_the_html_part()
    {
        var (plain, html) = Parts(Compose(EmailTestData.DeliveryOf(EmailTestData.DigestOf(null, EmailTestData.Hostile))));

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>Feed", html);
        Assert.DoesNotContain("javascript:", html);
        StringAssert.Contains(html, "Camp &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; al-Hol &quot;news&quot;");
        StringAssert.Contains(html, "Evil &lt;b&gt;Feed&lt;/b&gt;");

        var document = new HtmlParser().ParseDocument(html);
        Assert.IsTrue(document.QuerySelectorAll("h2").Any(h => h.TextContent == EmailTestData.HostileTitle), "the title reads as written");
        StringAssert.Contains(plain, EmailTestData.HostileTitle, "plain text is shown as is");
        Assert.DoesNotContain("javascript:", plain, "no unsafe link even in plain text");
    }

    [TestMethod]
    public void Arabic_text_is_right_to_left_and_English_left_to_right()
    {
        var (_, html) = Parts(Compose(EmailTestData.DeliveryOf(EmailTestData.DigestOf("ar", EmailTestData.Transfer))));
        var document = new HtmlParser().ParseDocument(html);

        IElement Holding(string text) => document.QuerySelectorAll("h2, p, a, span").First(e => e.TextContent == text);
        foreach (var arabic in new[] { EmailTestData.ArabicTitle, EmailTestData.ArabicSummary })
        {
            var element = Holding(arabic);
            Assert.AreEqual("rtl", element.GetAttribute("dir"), arabic);
            Assert.AreEqual("ar", element.GetAttribute("lang"), arabic);
        }

        Assert.AreEqual("ltr", Holding(EmailTestData.EnglishTitle).GetAttribute("dir"));
        Assert.AreEqual("ltr", document.DocumentElement.GetAttribute("dir"));
    }

    [TestMethod]
    public void Subject_counts_the_developments_and_gives_the_first_headline_in_the_digest_language()
    {
        var arabic = Compose(EmailTestData.DeliveryOf(EmailTestData.DigestOf("ar", EmailTestData.Transfer, EmailTestData.Plan)));
        var english = Compose(EmailTestData.DeliveryOf(EmailTestData.DigestOf("en", EmailTestData.Transfer)));

        Assert.AreEqual("Monitor: 2 developments — " + EmailTestData.ArabicTitle, arabic.Subject);
        Assert.AreEqual("Monitor: 1 development — " + EmailTestData.EnglishTitle, english.Subject);
        Assert.AreEqual(arabic.Subject, RoundTrip(arabic).Subject, "the Arabic subject survives encoding");
    }

    [TestMethod]
    public void Subject_stays_under_150_characters_on_one_line()
    {
        var article = EmailTestData.PlanArticle with { Id = "long", Title = string.Concat(Enumerable.Repeat("Very long\nheadline ", 30)) };
        var subject = Compose(EmailTestData.DeliveryOf(EmailTestData.DigestOf(null, DevelopmentBuilder.Build("l1", [article])))).Subject!;

        Assert.IsLessThan(150, subject.Length, subject);
        Assert.StartsWith("Monitor: 1 development — Very long headline", subject);
        Assert.EndsWith("…", subject);
        Assert.DoesNotContain("\n", subject);
    }

    [TestMethod]
    public void Headers_give_a_stable_message_id_one_click_unsubscribe_list_id_and_auto_submitted()
    {
        var delivery = EmailTestData.DeliveryOf(EmailTestData.DigestOf(null, EmailTestData.Transfer));
        var first = RoundTrip(Compose(delivery));
        var retry = RoundTrip(Compose(delivery with { }));

        Assert.AreEqual("dlv-20260125-0001@monitor.example", first.MessageId);
        Assert.AreEqual(first.MessageId, retry.MessageId, "the same on every attempt");
        Assert.AreNotEqual(first.MessageId, RoundTrip(Compose(EmailTestData.DeliveryOf(delivery.Digest, "dlv-other"))).MessageId);
        Assert.AreEqual("<https://monitor.example/api/unsubscribe?token=abc&s=sub-42>", first.Headers["List-Unsubscribe"]!.Trim());
        Assert.AreEqual("List-Unsubscribe=One-Click", first.Headers["List-Unsubscribe-Post"]);
        Assert.AreEqual("<detainee-transfers.monitor.monitor.example>", first.Headers["List-Id"]!.Trim());
        Assert.AreEqual("auto-generated", first.Headers["Auto-Submitted"]);
        Assert.IsTrue(first.Headers.Contains(HeaderId.Date));
        Assert.AreEqual("reader@example.org", first.To.Mailboxes.Single().Address);
        Assert.AreEqual("monitor@monitor.example", first.From.Mailboxes.Single().Address);
    }

    [TestMethod]
    public void Message_id_keeps_odd_delivery_ids_valid_and_distinct()
    {
        var spaced = DigestEmail.MessageId("a b", "monitor.example");
        var at = DigestEmail.MessageId("a@b", "monitor.example");
        var dots = DigestEmail.MessageId(".a..b.", "monitor.example");

        Assert.AreEqual("a%20b@monitor.example", spaced);
        Assert.AreEqual("a%40b@monitor.example", at);
        Assert.AreEqual("%2Ea.%2Eb%2E@monitor.example", dots);
        Assert.AreNotEqual(DigestEmail.MessageId("a/b", "monitor.example"), DigestEmail.MessageId("a%2Fb", "monitor.example"));

        var message = Compose(EmailTestData.DeliveryOf(EmailTestData.DigestOf(null, EmailTestData.Plan), "a b<c>"));
        Assert.AreEqual("a%20b%3Cc%3E@monitor.example", RoundTrip(message).MessageId);
    }

    [TestMethod]
    public void A_recipient_that_is_not_a_mailbox_is_refused()
    {
        var delivery = EmailTestData.DeliveryOf(EmailTestData.DigestOf(null, EmailTestData.Plan));
        Assert.ThrowsExactly<ArgumentException>(() => DigestEmail.Compose(delivery, "not an address", From, "monitor.example"));
        Assert.ThrowsExactly<ArgumentException>(() => DigestEmail.Compose(delivery, "reader@example.org\r\nBcc: x@example.org", From, "monitor.example"));
    }

    [TestMethod]
    public void With_a_readers_language_an_arabic_only_development_is_headed_by_its_fact_line_marked_as_generated_in_both_parts()
    {
        var arabicOnly = DevelopmentBuilder.Build("a", [EmailTestData.ArabicArticle with { Places = ["hasakah", "iraq"] }]);
        var digest = DigestAssembler.Assemble(
            "detainee-transfers", "T", [arabicOnly],
            new DigestQuery("detainee-transfers", EmailTestData.Day.AddDays(-1), EmailTestData.Generated, DigestFormat.Json) { Filters = DigestFilters.None with { ReaderLanguage = "en" } },
            EmailTestData.Generated,
            Classification.Topics.Catalog.Find(Classification.Topics.DetaineeTransfers)!.FactLines);

        var (plain, html) = Parts(RoundTrip(Compose(EmailTestData.DeliveryOf(digest))));

        const string line = "Transfer of 2,250 detainees from Hasakah to Iraq";
        StringAssert.Contains(plain, "1. " + line + " [generated from the facts, not a translation]");
        var headline = new HtmlParser().ParseDocument(html).QuerySelector("h2")!;
        StringAssert.StartsWith(headline.TextContent, line);
        Assert.AreEqual("ltr", headline.GetAttribute("dir"));
        StringAssert.Contains(headline.QuerySelector("small")!.TextContent, "generated from the facts, not a translation");
        Assert.DoesNotContain(EmailTestData.ArabicSummary, plain, "the summary is in the reader's language too");
    }
}
