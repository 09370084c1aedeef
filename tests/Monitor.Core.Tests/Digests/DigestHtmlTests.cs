using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Monitor.Core.Developments;
using Monitor.Core.Digests;

namespace Monitor.Core.Tests.Digests;

[TestClass]
public sealed class DigestHtmlTests
{
    private static readonly DateTimeOffset Day = new(2026, 1, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Generated = new(2026, 1, 25, 12, 0, 0, TimeSpan.Zero);

    private const string ArabicTitle = "نقل 2250 محتجزاً من «داعش» من سجون الحسكة إلى العراق";
    private const string ArabicSummary = "أعلنت القيادة المركزية الأمريكية نقل 2250 محتجزاً من سجون الحسكة إلى العراق.";
    private const string EnglishTitle = "US moves 2,300 ISIS detainees from Syria to Iraq";

    private static readonly DevelopmentArticle ArabicArticle = new(
        "a1", ArabicTitle, "https://example.test/ar?id=1&x=2", "alrai", "Alrai Media", "ar", Day, 0.9)
    {
        Summary = ArabicSummary,
        Type = "transfer",
        Figures = [new StatedFigure(2250, "exact", "detainees", "2250 محتجزاً")],
        Places = ["hasakah", "iraq"],
        Actors = ["centcom"],
    };

    private static readonly DevelopmentArticle EnglishArticle = new(
        "e1", EnglishTitle, "https://example.test/en/1", "reuters", "Reuters", "en", Day.AddHours(2), 0.8)
    {
        Summary = "The US military said it had moved 2,300 detainees from Hasakah to Iraq.",
        Type = "transfer",
        Figures = [new StatedFigure(2300, "exact", "detainees", "2,300 ISIS detainees")],
        Places = ["hasakah"],
        Actors = ["centcom", "iraqi_government"],
    };

    private static readonly DevelopmentArticle PlanArticle = new(
        "p-article", "Iraq agrees to take up to 7,000 ISIS detainees", "https://example.test/en/plan", "ap", "AP", "en", Day.AddDays(1), 0.85)
    {
        Summary = "Baghdad agreed to receive up to 7,000 detainees held in north-east Syria.",
        Type = "plan_or_agreement",
        Figures = [new StatedFigure(7000, "up_to", "detainees", "up to 7,000")],
        Places = ["iraq"],
        Actors = ["iraqi_government"],
    };

    private static Development Transfer => DevelopmentBuilder.Build("t1", [ArabicArticle, EnglishArticle]);

    private static Development Plan => DevelopmentBuilder.Build("p1", [PlanArticle]);

    private static Digest DigestOf(params Development[] developments) => new(
        "detainee-transfers", Generated, Generated.AddDays(-3), Generated, developments)
    {
        TopicName = "ISIS detainee transfers to Iraq",
        Series = FigureSeries.Of(developments),
    };

    private static IHtmlDocument Parse(Digest digest) => new HtmlParser().ParseDocument(DigestHtml.ToHtml(digest));

    private static IElement Single(IDocument document, string selector)
    {
        var elements = document.QuerySelectorAll(selector);
        Assert.HasCount(1, elements, selector);
        return elements[0];
    }

    [TestMethod]
    public void Page_is_a_complete_html5_document_for_phones_with_a_strict_policy()
    {
        var html = DigestHtml.ToHtml(DigestOf(Transfer, Plan));
        var document = new HtmlParser().ParseDocument(html);

        Assert.StartsWith("<!doctype html>", html);
        Assert.AreEqual("en", document.DocumentElement.GetAttribute("lang"));
        Assert.AreEqual("utf-8", Single(document, "meta[charset]").GetAttribute("charset"));
        Assert.AreEqual("width=device-width, initial-scale=1", Single(document, "meta[name=viewport]").GetAttribute("content"));
        var policy = Single(document, "meta[http-equiv=Content-Security-Policy]").GetAttribute("content")!;
        StringAssert.Contains(policy, "default-src 'none'");
        StringAssert.Contains(policy, "style-src 'unsafe-inline'");
        Assert.DoesNotContain("script-src", policy);
        StringAssert.Contains(document.Title!, "ISIS detainee transfers to Iraq");
        Assert.AreEqual("text/html; charset=utf-8", DigestHtml.ContentType);
    }

    [TestMethod]
    public void Page_has_no_scripts_and_no_external_resources_except_article_links()
    {
        var document = Parse(DigestOf(Transfer, Plan));
        var articleUrls = new[] { ArabicArticle, EnglishArticle, PlanArticle }.Select(a => new Uri(a.Url!).AbsoluteUri).ToHashSet();

        Assert.IsEmpty(document.QuerySelectorAll("script"));
        Assert.IsEmpty(document.QuerySelectorAll("link, iframe, object, embed, img, [src]"));
        var attributes = document.All.SelectMany(e => e.Attributes.Select(a => (Element: e, Attribute: a))).ToList();
        Assert.IsFalse(attributes.Any(x => x.Attribute.Name.StartsWith("on", StringComparison.Ordinal)), "event handler attribute");
        foreach (var (element, attribute) in attributes.Where(x => x.Attribute.Value.Contains("http", StringComparison.OrdinalIgnoreCase)))
        {
            Assert.AreEqual("a", element.LocalName, attribute.Name);
            Assert.AreEqual("href", attribute.Name);
            Assert.Contains(attribute.Value, articleUrls);
            Assert.AreEqual("noopener noreferrer nofollow", element.GetAttribute("rel"));
            Assert.AreEqual("_blank", element.GetAttribute("target"));
        }

        Assert.IsFalse(document.QuerySelectorAll("style").Any(s => s.TextContent.Contains("url(", StringComparison.Ordinal) || s.TextContent.Contains("@import", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void A_script_in_a_feed_title_shows_as_text_and_not_as_an_element()
    {
        const string evil = "<script>alert(1)</script>";
        var article = EnglishArticle with { Title = evil, SourceName = "<b>Evil</b> & Co" };
        var html = DigestHtml.ToHtml(DigestOf(DevelopmentBuilder.Build("x", [article])));
        var document = new HtmlParser().ParseDocument(html);

        Assert.IsEmpty(document.QuerySelectorAll("script, b"));
        Assert.DoesNotContain(evil, html);
        Assert.AreEqual(evil, Single(document, "#dev-x h2").TextContent);
        Assert.AreEqual(evil, Single(document, ".articles a.title").TextContent);
        Assert.AreEqual("<b>Evil</b> & Co", Single(document, ".articles .source").TextContent);
    }

    [TestMethod]
    public void Feed_text_in_attributes_cannot_break_out_of_them()
    {
        const string id = "x\" onmouseover=\"alert(1)";
        var document = Parse(DigestOf(DevelopmentBuilder.Build(id, [EnglishArticle with { Type = "transfer\"><i>t</i>" }])));

        var development = Single(document, "li.development");
        Assert.AreEqual("dev-" + id, development.Id);
        Assert.AreEqual("transfer\"><i>t</i>", development.GetAttribute("data-type"));
        Assert.IsFalse(development.HasAttribute("onmouseover"));
        Assert.IsEmpty(document.QuerySelectorAll("i"));
    }

    [TestMethod]
    public void Only_http_and_https_addresses_become_links()
    {
        var articles = new[]
        {
            EnglishArticle with { Id = "js", Title = "Click me", Url = "javascript:alert(1)" },
            EnglishArticle with { Id = "data", Title = "Data", Url = "data:text/html,<script>alert(1)</script>", Published = Day.AddHours(3) },
            EnglishArticle with { Id = "none", Title = null, Url = null, Published = Day.AddHours(4) },
        };
        var html = DigestHtml.ToHtml(DigestOf(DevelopmentBuilder.Build("d", articles)));
        var document = new HtmlParser().ParseDocument(html);

        Assert.IsEmpty(document.QuerySelectorAll("a[href]").Where(a => !a.GetAttribute("href")!.StartsWith('#')), "only the page's own anchors");
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("data:text", html);
        CollectionAssert.AreEqual(new[] { "Click me", "Data", EnglishArticle.Summary }, document.QuerySelectorAll(".articles .title").Select(e => e.TextContent).ToArray(), "a title-less article is headed by its summary");
    }

    [TestMethod]
    public void Arabic_text_is_right_to_left()
    {
        var document = Parse(DigestOf(Transfer));

        var headline = Single(document, "#dev-t1 h2");
        Assert.AreEqual(ArabicTitle, headline.TextContent);
        Assert.AreEqual("rtl", headline.GetAttribute("dir"));
        Assert.AreEqual("ar", headline.GetAttribute("lang"));
        var summary = Single(document, "#dev-t1 p.summary");
        Assert.AreEqual(ArabicSummary, summary.TextContent);
        Assert.AreEqual("rtl", summary.GetAttribute("dir"));
        var title = document.QuerySelectorAll(".articles a.title").Single(a => a.TextContent == ArabicTitle);
        Assert.AreEqual("rtl", title.GetAttribute("dir"));
        Assert.AreEqual("ar", title.GetAttribute("lang"));
        var quote = document.QuerySelectorAll("#dev-t1 q.figure-text").Single(q => q.TextContent == "2250 محتجزاً");
        Assert.AreEqual("rtl", quote.GetAttribute("dir"));
    }

    [TestMethod]
    public void English_text_is_left_to_right_and_the_reader_language_picks_the_headline()
    {
        var document = Parse(DigestOf(Transfer) with { Language = "en" });

        var headline = Single(document, "#dev-t1 h2");
        Assert.AreEqual(EnglishTitle, headline.TextContent);
        Assert.AreEqual("ltr", headline.GetAttribute("dir"));
        Assert.AreEqual("en", headline.GetAttribute("lang"));
        var title = document.QuerySelectorAll(".articles a.title").Single(a => a.TextContent == EnglishTitle);
        Assert.AreEqual("ltr", title.GetAttribute("dir"));
        Assert.AreEqual("en", title.GetAttribute("lang"));
    }

    [TestMethod]
    public void Text_without_letters_gets_automatic_direction()
    {
        var document = Parse(DigestOf(DevelopmentBuilder.Build("n", [EnglishArticle with { Title = "2026 — 150", Summary = "..." }])));

        Assert.AreEqual("auto", Single(document, "#dev-n h2").GetAttribute("dir"));
        Assert.AreEqual("auto", Single(document, "#dev-n p.summary").GetAttribute("dir"));
    }

    [TestMethod]
    public void Chart_has_one_polyline_per_series_with_points_and_a_titled_circle_per_point()
    {
        var document = Parse(DigestOf(Transfer, Plan));

        var svg = Single(document, "svg#figures-chart");
        Assert.AreEqual("img", svg.GetAttribute("role"));
        Assert.IsFalse(string.IsNullOrWhiteSpace(svg.GetAttribute("aria-label")));
        Assert.IsNotNull(svg.Children.FirstOrDefault(c => c.LocalName == "title"));
        var lines = svg.QuerySelectorAll("polyline");
        CollectionAssert.AreEqual(new[] { "series series-moved", "series series-planned" }, lines.Select(l => l.GetAttribute("class")).ToArray());
        Assert.AreNotEqual(lines[0].GetAttribute("stroke"), lines[1].GetAttribute("stroke"));
        var titles = svg.QuerySelectorAll("circle").Select(c => c.Children.Single(t => t.LocalName == "title").TextContent).ToList();
        Assert.HasCount(3, titles);
        CollectionAssert.Contains(titles, "2026-01-23 · 2,250 detainees · Alrai Media");
        CollectionAssert.Contains(titles, "2026-01-23 · 2,300 detainees · Reuters");
        CollectionAssert.Contains(titles, "2026-01-24 · up to 7,000 detainees · AP");
        Assert.HasCount(2, document.QuerySelectorAll(".legend li"));
    }

    [TestMethod]
    public void Chart_y_axis_runs_from_zero_with_a_few_ticks_with_thousands_separators()
    {
        var document = Parse(DigestOf(Transfer, Plan));

        var labels = document.QuerySelectorAll("#figures-chart .axis text").Select(t => t.TextContent).ToList();

        CollectionAssert.IsSubsetOf(new[] { "0", "2,000", "4,000", "6,000", "8,000" }, labels);
        Assert.AreEqual(5, labels.Count(l => !l.StartsWith("2026", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Without_figures_there_is_no_chart_but_a_note()
    {
        var plain = EnglishArticle with { Figures = [] };
        var document = Parse(DigestOf(DevelopmentBuilder.Build("f", [plain])));

        Assert.IsNull(document.GetElementById("figures-chart"));
        Assert.IsEmpty(document.QuerySelectorAll("svg"));
        Assert.AreEqual("No figures reported in this window.", Single(document, "p.no-figures").TextContent);
    }

    [TestMethod]
    public void Developments_appear_in_the_given_order_with_their_ids_and_types()
    {
        var document = Parse(DigestOf(Transfer, Plan));

        var items = document.QuerySelectorAll("ol.timeline > li.development");
        CollectionAssert.AreEqual(new[] { "dev-t1", "dev-p1" }, items.Select(i => i.Id).ToArray());
        CollectionAssert.AreEqual(new[] { "transfer", "plan_or_agreement" }, items.Select(i => i.GetAttribute("data-type")).ToArray());

        var reversed = Parse(DigestOf(Plan, Transfer)).QuerySelectorAll("ol.timeline > li.development");
        CollectionAssert.AreEqual(new[] { "dev-p1", "dev-t1" }, reversed.Select(i => i.Id).ToArray());
    }

    [TestMethod]
    public void Development_shows_its_times_languages_places_and_actors()
    {
        var development = Single(Parse(DigestOf(Transfer)), "#dev-t1");

        var times = development.QuerySelectorAll(".meta time").Select(t => t.GetAttribute("datetime")).ToArray();
        CollectionAssert.AreEqual(new[] { "2026-01-23T08:00:00Z", "2026-01-23T10:00:00Z" }, times);
        StringAssert.Contains(development.QuerySelector(".meta")!.TextContent, "languages: ar, en");
        StringAssert.Contains(development.QuerySelector(".entities")!.TextContent, "Places: hasakah, iraq");
        StringAssert.Contains(development.QuerySelector(".entities")!.TextContent, "Actors: centcom, iraqi_government");
        Assert.HasCount(2, development.QuerySelectorAll(".articles li"));
    }

    [TestMethod]
    public void Disagreements_between_sources_are_shown()
    {
        var document = Parse(DigestOf(Transfer));

        Assert.AreEqual("Sources disagree on detainees: 2,250 vs 2,300", Single(document, "#dev-t1 .disagreement").TextContent);
    }

    [TestMethod]
    public void Figures_name_their_sources_linked_to_their_articles()
    {
        var second = PlanArticle with { Id = "p2", SourceName = "Shafaq News", Url = "ftp://example.test/p2", Published = Day.AddDays(1).AddHours(1) };
        var document = Parse(DigestOf(DevelopmentBuilder.Build("p", [PlanArticle, second])));

        var figure = Single(document, "#dev-p .figures li");
        StringAssert.StartsWith(figure.TextContent, "up to 7,000 detainees — AP");
        StringAssert.Contains(figure.TextContent, "Shafaq News");
        var link = Single(figure, "a.source");
        Assert.AreEqual("AP", link.TextContent);
        Assert.AreEqual("https://example.test/en/plan", link.GetAttribute("href"));
        Assert.AreEqual("Shafaq News", Single(figure, "span.source").TextContent);
    }

    [TestMethod]
    public void An_empty_digest_says_so()
    {
        var document = Parse(DigestOf());

        Assert.AreEqual("No developments in this window.", Single(document, "p.empty").TextContent);
        Assert.IsEmpty(document.QuerySelectorAll("li.development"));
        StringAssert.Contains(Single(document, "header").TextContent, "0 developments");
        Assert.AreEqual("ISIS detainee transfers to Iraq", Single(document, "h1").TextContent);
    }

    private static IElement Single(IElement parent, string selector)
    {
        var elements = parent.QuerySelectorAll(selector);
        Assert.HasCount(1, elements, selector);
        return elements[0];
    }

    [TestMethod]
    public void Each_article_of_a_development_says_why_it_joined_as_text()
    {
        var linked = new DevelopmentGrouper(Classification.Topics.Catalog.Find(Classification.Topics.DetaineeTransfers)!.Grouping)
            .Developments([ArabicArticle with { Figures = [new StatedFigure(2250, "exact", "detainees", "2250") { Lead = true }] }, EnglishArticle with { Figures = [new StatedFigure(2250, "exact", "detainees", "2,250") { Lead = true }], Title = "US moves <b>2,250</b> ISIS detainees" }])
            .Single();

        var why = Parse(DigestOf(linked)).QuerySelectorAll("li.article .why").Select(e => e.TextContent).ToList();

        Assert.HasCount(2, why);
        Assert.IsTrue(why.All(w => w.StartsWith("joined: ", StringComparison.Ordinal) && w.Contains("same figure 2,250 detainees", StringComparison.Ordinal) && w.Contains("2 h apart", StringComparison.Ordinal)), string.Join(" | ", why));
    }

    [TestMethod]
    public void An_article_alone_says_nothing_of_joining()
    {
        Assert.IsEmpty(Parse(DigestOf(Plan)).QuerySelectorAll(".why"));
    }

    private static readonly Uri Served = new("http://monitor.example/api/digest?topic=detainee-transfers&since=7d&format=html&code=key%2B1&continuation=abc");

    private static IHtmlDocument ParseServed(Digest digest) => new HtmlParser().ParseDocument(DigestHtml.ToHtml(digest, Served));

    private static Dictionary<string, string> QueryOf(string href)
    {
        var query = new Uri(new Uri("http://monitor.example"), href).Query.TrimStart('?');
        return query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
    }

    [TestMethod]
    public void A_served_page_has_its_filters_as_links_that_keep_the_other_parameters_and_start_again_at_the_first_page()
    {
        var document = ParseServed(DigestOf(Transfer, Plan) with { ReaderLanguage = "ar", Filters = DigestFilters.None with { ReaderLanguage = "ar" } });

        var english = document.QuerySelectorAll(".filter-hl a").Single(a => a.TextContent == "English");
        var query = QueryOf(english.GetAttribute("href")!);
        Assert.AreEqual("en", query["hl"]);
        Assert.AreEqual("7d", query["since"]);
        Assert.AreEqual("key+1", query["code"], "the Functions key goes along");
        Assert.AreEqual("html", query["format"]);
        Assert.IsFalse(query.ContainsKey("continuation"));
        StringAssert.StartsWith(english.GetAttribute("href"), "/api/digest?");
        Assert.AreEqual("العربية", Single(document, ".filter-hl a[aria-current]").TextContent, "the current choice is marked");
        Assert.IsFalse(QueryOf(document.QuerySelectorAll(".filter-hl a").Single(a => a.TextContent == "as published").GetAttribute("href")!).ContainsKey("hl"));
        Assert.AreEqual("repatriation", QueryOf(document.QuerySelectorAll(".filter-type a").Single(a => a.TextContent == "repatriation").GetAttribute("href")!)["type"]);
        Assert.AreEqual("ar", QueryOf(document.QuerySelectorAll(".filter-lang a").Single(a => a.TextContent == "Arabic").GetAttribute("href")!)["lang"]);
        Assert.AreEqual("30d", QueryOf(document.QuerySelectorAll(".filter-window a").Single(a => a.TextContent == "30 days").GetAttribute("href")!)["since"]);
        Assert.AreEqual("7 days", Single(document, ".filter-window a[aria-current]").TextContent);
        CollectionAssert.AreEqual(new[] { "json", "md", "rss", "atom", "csv" }, document.QuerySelectorAll(".filter-formats a:not(.sources-link)").Select(a => QueryOf(a.GetAttribute("href")!)["format"]).ToArray());
    }

    [TestMethod]
    public void A_served_page_links_to_the_feeds_status_page()
    {
        var link = Single(ParseServed(DigestOf(Transfer)), "a.sources-link");

        Assert.AreEqual("/api/sources?format=html&code=key%2B1", link.GetAttribute("href"));
    }

    [TestMethod]
    public void A_served_page_has_a_get_form_of_every_parameter_filled_with_the_current_ones_and_a_policy_that_sends_it_here_only()
    {
        var document = ParseServed(DigestOf(Transfer) with { Filters = DigestFilters.None with { Types = ["transfer"], Text = "الهول" } });

        var form = Single(document, "form.filter-form");
        Assert.AreEqual("get", form.GetAttribute("method"));
        Assert.AreEqual("/api/digest", form.GetAttribute("action"));
        var names = form.QuerySelectorAll("input[name], select[name]").Select(e => e.GetAttribute("name")).ToArray();
        CollectionAssert.AreEquivalent(new[] { "topic", "format", "code", "since", "until", "hl", "lang", "type", "source", "q", "minScore", "limit" }, names);
        Assert.AreEqual("7d", Single(form, "input[name=since]").GetAttribute("value"));
        Assert.AreEqual("الهول", Single(form, "input[name=q]").GetAttribute("value"));
        Assert.AreEqual("transfer", Single(form, "select[name=type] option[selected]").GetAttribute("value"));
        Assert.AreEqual("", Single(form, "select[name=hl] option[selected]").GetAttribute("value"));
        Assert.IsEmpty(document.QuerySelectorAll("script"));
        StringAssert.Contains(Single(document, "meta[http-equiv=Content-Security-Policy]").GetAttribute("content"), "form-action 'self'");
    }

    [TestMethod]
    public void A_page_written_to_a_file_has_no_filters_and_no_form()
    {
        var document = new HtmlParser().ParseDocument(DigestHtml.ToHtml(DigestOf(Transfer), new Uri("file:///tmp/articles.jsonl")));

        Assert.IsEmpty(document.QuerySelectorAll("nav.filters, form"));
    }

    [TestMethod]
    public void Each_development_has_a_permalink_to_its_own_anchor()
    {
        var document = Parse(DigestOf(Transfer, Plan));

        foreach (var development in document.QuerySelectorAll("li.development"))
        {
            Assert.AreEqual("#" + development.Id, Single(development, "a.permalink").GetAttribute("href"));
        }
    }

    [TestMethod]
    public void A_development_first_seen_since_the_window_start_is_new_and_one_seen_before_is_updated_with_its_new_articles_marked()
    {
        var since = Day.AddHours(1);
        var document = Parse(DigestOf(Transfer, Plan) with { Since = since });

        var transfer = Single(document, "#dev-t1");
        Assert.AreEqual("updated", transfer.GetAttribute("data-since"), "first seen at 08:00, before the window's start at 09:00");
        Assert.AreEqual("updated", Single(transfer, ".meta .badge").TextContent);
        var newArticles = transfer.QuerySelectorAll("li.article.new").Select(a => a.QuerySelector(".title")!.TextContent).ToArray();
        CollectionAssert.AreEqual(new[] { EnglishTitle }, newArticles, "only the article published since 09:00");
        var plan = Single(document, "#dev-p1");
        Assert.AreEqual("new", plan.GetAttribute("data-since"));
        Assert.AreEqual("new", Single(plan, ".meta .badge").TextContent);
        Assert.IsEmpty(plan.QuerySelectorAll("li.article.new"), "a new development's articles are all new: not marked one by one");
    }

    [TestMethod]
    public void The_figures_are_also_a_table_beside_the_chart_each_row_linked_to_its_development()
    {
        var document = Parse(DigestOf(Transfer, Plan));

        var layout = Single(document, ".figures-layout");
        Assert.IsNotNull(layout.QuerySelector("svg#figures-chart"));
        var rows = layout.QuerySelectorAll("table#figures-table tbody tr");
        Assert.AreEqual(layout.QuerySelectorAll("svg circle").Length, rows.Length, "one row per point of the chart");
        var plan = rows.Single(r => r.GetAttribute("data-series") == "planned");
        CollectionAssert.AreEqual(new[] { "2026-01-24", "Detainees planned or expected to move", "up to 7,000 detainees", "AP up to 7,000", "1" }, plan.QuerySelectorAll("td").Select(c => c.TextContent).ToArray());
        Assert.AreEqual("#dev-p1", Single(plan, "td a[href^='#']").GetAttribute("href"));
    }

    [TestMethod]
    public void A_generated_headline_and_its_note_are_in_the_readers_language()
    {
        var digest = DigestAssembler.Assemble("detainee-transfers", "T", [Plan], new DigestQuery("detainee-transfers", Day.AddDays(-1), Generated, DigestFormat.Html) { Filters = DigestFilters.None with { ReaderLanguage = "ar" } }, Generated, Classification.Topics.Catalog.Find(Classification.Topics.DetaineeTransfers)!.FactLines);
        var document = Parse(digest);

        var headline = Single(document, "#dev-p1 h2");
        Assert.AreEqual("generated-headline", headline.GetAttribute("class"));
        Assert.AreEqual("خطة لنقل ما يصل إلى 7000 معتقل إلى العراق", headline.TextContent);
        Assert.AreEqual("rtl", headline.GetAttribute("dir"));
        var note = Single(document, "#dev-p1 p.generated");
        Assert.AreEqual(ReaderText.MarkerIn("ar"), note.TextContent);
        Assert.AreEqual("ar", note.GetAttribute("lang"));
        Assert.IsEmpty(document.QuerySelectorAll("#dev-p1 p.summary"), "the fact line is not repeated as the summary");
    }
}
