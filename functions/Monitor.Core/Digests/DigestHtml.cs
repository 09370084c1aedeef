using System.Globalization;
using System.Net;
using System.Text;
using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>
/// Writes a digest as one self-contained HTML page for an analyst: a header, the filters as links and
/// a small form (served pages only: they need the address the page was asked at), a chart of the key
/// figures with the same figures as a table beside it, and the developments as a timeline, each with
/// a permalink anchor and marked new or updated since the window's start. No scripts, no external
/// resources; everything that comes from feeds is HTML-encoded, only http(s) links are made, and
/// Arabic text is set right-to-left.
/// </summary>
public static class DigestHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    /// <summary>The page's policy: no scripts or outside resources; its one form submits to this site only.</summary>
    internal const string Csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'";
    private const string LinkAttributes = " rel=\"noopener noreferrer nofollow\" target=\"_blank\"";

    // The chart's drawing area, in viewBox units; the svg scales to the width of the page.
    private const double ChartWidth = 640, ChartHeight = 260, PadLeft = 64, PadRight = 20, PadTop = 16, PadBottom = 36;

    private static readonly string[] Palette = ["#7c3aed", "#b45309", "#be185d", "#0369a1"];

    private const string Css = """
        :root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --card: #f6f8fa; --line: #d1d9e0; --link: #0b57d0; --warn: #9a3412; --warn-bg: #fff4e5; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --card: #161b22; --line: #30363d; --link: #6cb6ff; --warn: #fdba74; --warn-bg: #2d1b0e; } }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Naskh Arabic", Tahoma, sans-serif; overflow-wrap: anywhere; word-break: break-word; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
        header, .filters, .developments { max-width: 52rem; }
        h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0; }
        h2 { font-size: 1.15rem; line-height: 1.3; margin: 0 0 0.4rem; }
        section > h2 { margin-top: 1.5rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; font-size: 0.85rem; }
        a { color: var(--link); }
        .meta, .window, .entities, .articles, .legend { color: var(--muted); font-size: 0.9rem; }
        .why { font-size: 0.8rem; }
        .meta, .window { margin: 0.2rem 0; }
        [dir="rtl"] { font-size: 1.05em; }
        .chart { margin: 0; }
        .chart svg { display: block; width: 100%; height: auto; }
        .chart .axis text { fill: var(--muted); font-size: 12px; }
        .chart .axis line { stroke: var(--line); stroke-width: 1; }
        .chart circle { stroke: var(--bg); stroke-width: 1.5; }
        .legend { list-style: none; padding: 0; margin: 0.5rem 0 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
        .swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; margin-inline-end: 0.35rem; vertical-align: -0.1rem; }
        .timeline { list-style: none; margin: 0; padding: 0 0 0 0.75rem; border-inline-start: 2px solid var(--line); }
        .development { margin: 0 0 1.25rem; padding: 0.75rem 1rem; background: var(--card); border-radius: 8px; }
        .summary { margin: 0.5rem 0; }
        .figures, .articles { margin: 0.5rem 0; padding-inline-start: 1.25rem; }
        .figure-text { color: var(--muted); font-size: 0.9em; }
        .disagreement { margin: 0.5rem 0; padding: 0.35rem 0.6rem; border-inline-start: 3px solid var(--warn); background: var(--warn-bg); color: var(--warn); font-weight: 600; }
        .empty, .no-figures { color: var(--muted); font-style: italic; }
        .filters { margin: 0.75rem 0; font-size: 0.9rem; }
        .filters ul { list-style: none; margin: 0.2rem 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.2rem 0.75rem; }
        .filters li > b { color: var(--muted); font-weight: 600; }
        .filters a[aria-current] { color: var(--fg); font-weight: 700; text-decoration: none; }
        .filters form { display: flex; flex-wrap: wrap; gap: 0.4rem 0.75rem; align-items: end; margin: 0.5rem 0; padding: 0.5rem 0.75rem; background: var(--card); border-radius: 8px; }
        .filters label { display: flex; flex-direction: column; color: var(--muted); font-size: 0.8rem; }
        .filters input, .filters select, .filters button { font: inherit; font-size: 0.9rem; max-width: 12rem; }
        .figures-layout { display: grid; gap: 1rem; }
        @media (min-width: 64rem) { .figures-layout { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; } }
        .table-scroll { overflow-x: auto; }
        .figures-table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
        .figures-table caption { text-align: start; color: var(--muted); margin-bottom: 0.25rem; }
        .figures-table th, .figures-table td { text-align: start; padding: 0.2rem 0.4rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        .figures-table td.number { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .figures-table td:first-child { white-space: nowrap; }
        .badge { display: inline-block; padding: 0 0.4rem; border-radius: 999px; font-size: 0.75rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.03em; }
        .badge.new { background: #dcfce7; color: #166534; }
        .badge.updated { background: #e0e7ff; color: #3730a3; }
        .generated { margin: -0.2rem 0 0.3rem; color: var(--muted); font-size: 0.8rem; font-style: italic; }
        .permalink { color: var(--muted); }
        @media (max-width: 30rem) { main { padding: 0.75rem; } .development { padding: 0.6rem 0.75rem; } h1 { font-size: 1.3rem; } }
        """;

    /// <summary>The digest as a complete HTML5 page, without filter links (a page written to a file).</summary>
    public static string ToHtml(Digest digest) => ToHtml(digest, null);

    /// <summary>
    /// The digest as a complete HTML5 page; see the class remarks for what it shows and how it stays safe.
    /// <paramref name="self"/> is the http(s) address it is served at: its filters, form and the link to
    /// the sources' page are made from it (none for any other address, or none).
    /// </summary>
    public static string ToHtml(Digest digest, Uri? self)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var name = digest.TopicName ?? digest.Topic;
        var html = new StringBuilder(16 * 1024);
        Open(html, name + " — digest", Css);

        Header(html, digest, name);
        if (FeedText.HttpUrl(self?.AbsoluteUri) is { } served)
        {
            DigestFilterLinks.Write(html, digest, new DigestAddress(served));
        }

        Chart(html, digest);
        Timeline(html, digest);

        Close(html);
        return html.ToString();
    }

    /// <summary>The start of a page: the document's head with the strict policy, and the opening of its body.</summary>
    internal static void Open(StringBuilder html, string title, string css)
    {
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(Csp).Append("\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n")
            .Append("<style>\n").Append(css).Append("\n</style>\n</head>\n<body>\n<main>\n");
    }

    internal static void Close(StringBuilder html) => html.Append("</main>\n</body>\n</html>\n");

    private static void Header(StringBuilder html, Digest digest, string name)
    {
        html.Append("<header>\n<h1").Append(Direction(name, null)).Append('>').Append(Encode(name)).Append("</h1>\n")
            .Append("<p class=\"window\">Window: ").Append(TimeElement(digest.Since)).Append(" → ").Append(TimeElement(digest.Until)).Append("</p>\n")
            .Append("<p class=\"meta\">Generated ").Append(TimeElement(digest.GeneratedAt))
            .Append(" · <span class=\"count\">").Append(Plural(digest.Developments.Count, "development")).Append("</span>");
        if (digest.Continuation is not null)
        {
            html.Append(" · more on the next page");
        }

        html.Append("</p>\n<p class=\"meta legend-since\"><span class=\"badge new\">new</span> first seen since ").Append(TimeElement(digest.Since))
            .Append(" · <span class=\"badge updated\">updated</span> seen before it, with new articles since</p>\n</header>\n");
    }

    private static void Chart(StringBuilder html, Digest digest)
    {
        var series = digest.Series;
        html.Append("<section class=\"figures-section\" aria-labelledby=\"figures-heading\">\n<h2 id=\"figures-heading\">Key figures</h2>\n");
        var plotted = new List<(FigureSeries Series, string Colour)>();
        var first = DateTimeOffset.MaxValue;
        var last = DateTimeOffset.MinValue;
        long max = 0;
        for (var i = 0; i < series.Count; i++)
        {
            if (series[i].Points.Count == 0)
            {
                continue;
            }

            plotted.Add((series[i], ColourOf(series[i].Key, i)));
            foreach (var point in series[i].Points)
            {
                first = point.Date < first ? point.Date : first;
                last = point.Date > last ? point.Date : last;
                max = Math.Max(max, point.Value);
            }
        }

        if (plotted.Count == 0)
        {
            html.Append("<p class=\"no-figures\">No figures reported in this window.</p>\n</section>\n");
            return;
        }

        var (step, top) = Scale(max);
        var plotWidth = ChartWidth - PadLeft - PadRight;
        var plotHeight = ChartHeight - PadTop - PadBottom;
        var span = (last - first).Ticks;
        double X(DateTimeOffset date) => span <= 0 ? PadLeft + (plotWidth / 2) : PadLeft + (plotWidth * (date - first).Ticks / span);
        double Y(long value) => PadTop + (plotHeight * (1 - ((double)Math.Max(0, value) / top)));

        var label = new StringBuilder("Key figures from ").Append(Day(first)).Append(" to ").Append(Day(last));
        foreach (var (s, _) in plotted)
        {
            label.Append("; ").Append(s.Label).Append(": ").Append(Plural(s.Points.Count, "report"))
                .Append(", highest ").Append(s.Points.Max(p => p.Value).ToString("N0", CultureInfo.InvariantCulture));
        }

        html.Append("<div class=\"figures-layout\">\n<figure class=\"chart\">\n<svg id=\"figures-chart\" role=\"img\" aria-label=\"").Append(Encode(label.ToString()))
            .Append("\" viewBox=\"0 0 ").Append(Number(ChartWidth)).Append(' ').Append(Number(ChartHeight))
            .Append("\" preserveAspectRatio=\"xMidYMid meet\">\n")
            .Append("<title>Key figures over time</title>\n<g class=\"axis\">\n");
        for (long tick = 0; tick <= top; tick += step)
        {
            var y = Number(Y(tick));
            html.Append("<line x1=\"").Append(Number(PadLeft)).Append("\" x2=\"").Append(Number(ChartWidth - PadRight))
                .Append("\" y1=\"").Append(y).Append("\" y2=\"").Append(y).Append("\"/>")
                .Append("<text x=\"").Append(Number(PadLeft - 8)).Append("\" y=\"").Append(Number(Y(tick) + 4))
                .Append("\" text-anchor=\"end\">").Append(tick.ToString("N0", CultureInfo.InvariantCulture)).Append("</text>\n");
        }

        var baseline = Number(ChartHeight - 12);
        if (Day(first) == Day(last))
        {
            html.Append("<text x=\"").Append(Number(PadLeft + (plotWidth / 2))).Append("\" y=\"").Append(baseline).Append("\" text-anchor=\"middle\">").Append(Day(first)).Append("</text>\n");
        }
        else
        {
            html.Append("<text x=\"").Append(Number(PadLeft)).Append("\" y=\"").Append(baseline).Append("\" text-anchor=\"start\">").Append(Day(first)).Append("</text>\n")
                .Append("<text x=\"").Append(Number(ChartWidth - PadRight)).Append("\" y=\"").Append(baseline).Append("\" text-anchor=\"end\">").Append(Day(last)).Append("</text>\n");
        }

        html.Append("</g>\n");
        foreach (var (s, colour) in plotted)
        {
            html.Append("<g class=\"points\">\n<polyline class=\"series series-").Append(Encode(Token(s.Key))).Append("\" fill=\"none\" stroke=\"").Append(colour)
                .Append("\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"");
            for (var i = 0; i < s.Points.Count; i++)
            {
                html.Append(i == 0 ? "" : " ").Append(Number(X(s.Points[i].Date))).Append(',').Append(Number(Y(s.Points[i].Value)));
            }

            html.Append("\"/>\n");
            foreach (var point in s.Points)
            {
                html.Append("<circle cx=\"").Append(Number(X(point.Date))).Append("\" cy=\"").Append(Number(Y(point.Value)))
                    .Append("\" r=\"4\" fill=\"").Append(colour).Append("\"><title>")
                    .Append(Encode(Day(point.Date) + " · " + DigestRenderer.FigureText(point.Value, point.Qualifier, point.What) + " · " + point.SourceName))
                    .Append("</title></circle>\n");
            }

            html.Append("</g>\n");
        }

        html.Append("</svg>\n<figcaption>\n<ul class=\"legend\">\n");
        foreach (var (s, colour) in plotted)
        {
            html.Append("<li class=\"legend-").Append(Encode(Token(s.Key))).Append("\"><span class=\"swatch\" style=\"background:").Append(colour)
                .Append("\" aria-hidden=\"true\"></span>").Append(Encode(s.Label)).Append(" (").Append(Plural(s.Points.Count, "report")).Append(")</li>\n");
        }

        html.Append("</ul>\n</figcaption>\n</figure>\n");
        FiguresTable(html, digest, plotted.Select(p => p.Series));
        html.Append("</div>\n</section>\n");
    }

    /// <summary>The chart's points as a table: each figure as its source stated it, with the development it belongs to.</summary>
    private static void FiguresTable(StringBuilder html, Digest digest, IEnumerable<FigureSeries> series)
    {
        var shown = digest.Developments.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        html.Append("<div class=\"table-scroll\">\n<table class=\"figures-table\" id=\"figures-table\">\n<caption>The figures of the chart, as each source stated them</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Series</th><th scope=\"col\">Figure</th><th scope=\"col\">Source</th><th scope=\"col\">Reports</th></tr></thead>\n<tbody>\n");
        foreach (var s in series)
        {
            foreach (var point in s.Points)
            {
                html.Append("<tr data-series=\"").Append(Encode(Token(s.Key))).Append("\"><td><time datetime=\"").Append(Day(point.Date)).Append("\">").Append(Day(point.Date)).Append("</time></td>")
                    .Append("<td>").Append(Encode(s.Label)).Append("</td>")
                    .Append("<td class=\"number\">");
                var figure = Encode(DigestRenderer.FigureText(point.Value, point.Qualifier, point.What));
                if (shown.Contains(point.DevelopmentId))
                {
                    html.Append("<a href=\"#dev-").Append(Encode(point.DevelopmentId)).Append("\">").Append(figure).Append("</a>");
                }
                else
                {
                    html.Append(figure);
                }

                html.Append("</td><td>");
                AppendSource(html, point.SourceName, SafeUrl(point.Url));
                if (!string.IsNullOrWhiteSpace(point.Text))
                {
                    html.Append(" <q class=\"figure-text\"").Append(Direction(point.Text, null)).Append('>').Append(Encode(point.Text)).Append("</q>");
                }

                html.Append("</td><td class=\"number\">").Append(point.Reports.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }
        }

        html.Append("</tbody>\n</table>\n</div>\n");
    }

    private static void Timeline(StringBuilder html, Digest digest)
    {
        html.Append("<section class=\"developments\" aria-labelledby=\"timeline-heading\">\n<h2 id=\"timeline-heading\">Developments</h2>\n");
        if (digest.Developments.Count == 0)
        {
            html.Append("<p class=\"empty\">No developments in this window.</p>\n</section>\n");
            return;
        }

        html.Append("<ol class=\"timeline\">\n");
        foreach (var development in digest.Developments)
        {
            Development(html, digest, development);
        }

        html.Append("</ol>\n</section>\n");
    }

    private static void Development(StringBuilder html, Digest digest, Development development)
    {
        var headline = digest.HeadlineFor(development);
        var isNew = development.FirstSeen >= digest.Since;
        html.Append("<li class=\"development\" id=\"dev-").Append(Encode(development.Id)).Append("\" data-type=\"").Append(Encode(development.Type))
            .Append("\" data-since=\"").Append(isNew ? "new" : "updated").Append("\">\n")
            .Append("<h2").Append(Direction(headline.Text, headline.Language)).Append(headline.Generated ? " class=\"generated-headline\"" : "").Append('>').Append(Encode(headline.Text)).Append("</h2>\n");
        Generated(html, headline);
        html.Append("<p class=\"meta\">").Append(isNew ? "<span class=\"badge new\">new</span> · " : "<span class=\"badge updated\">updated</span> · ")
            .Append("<span class=\"type\">").Append(Encode(DigestRenderer.TypeName(development.Type))).Append("</span>")
            .Append(" · first seen ").Append(TimeElement(development.FirstSeen))
            .Append(" · last updated ").Append(TimeElement(development.LastUpdated))
            .Append(" · languages: ").Append(Encode(string.Join(", ", development.Languages)))
            .Append(" · ").Append(Plural(development.Articles.Count, "article"))
            .Append(" · importance ").Append(development.Importance.ToString("0.00", CultureInfo.InvariantCulture))
            .Append(" · <a class=\"permalink\" href=\"#dev-").Append(Encode(development.Id)).Append("\" title=\"A link to this development on this page\">permalink</a></p>\n");

        if (digest.SummaryUnderHeadline(development) is { } summary)
        {
            html.Append("<p class=\"summary\"").Append(Direction(summary.Text, summary.Language)).Append('>').Append(Encode(summary.Text)).Append("</p>\n");
            Generated(html, summary);
        }

        if (development.Figures.Count > 0)
        {
            html.Append("<ul class=\"figures\">\n");
            foreach (var figure in development.Figures)
            {
                Figure(html, development, figure);
            }

            html.Append("</ul>\n");
        }

        foreach (var disagreement in development.Disagreements)
        {
            html.Append("<p class=\"disagreement\" role=\"note\">Sources disagree on ").Append(Encode(disagreement.What.Replace('_', ' ')))
                .Append(disagreement.Kind == "ceiling" ? " (up to)" : "").Append(": ")
                .Append(string.Join(" vs ", disagreement.Values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))).Append("</p>\n");
        }

        if (development.Places.Count + development.Actors.Count > 0)
        {
            html.Append("<p class=\"entities\">");
            if (development.Places.Count > 0)
            {
                html.Append("<span class=\"places\">Places: ").Append(Encode(string.Join(", ", development.Places))).Append("</span>");
            }

            if (development.Actors.Count > 0)
            {
                html.Append(development.Places.Count > 0 ? " · " : "").Append("<span class=\"actors\">Actors: ").Append(Encode(string.Join(", ", development.Actors))).Append("</span>");
            }

            html.Append("</p>\n");
        }

        html.Append("<ul class=\"articles\">\n");
        foreach (var article in development.Articles)
        {
            Article(html, article, !isNew && article.Published >= digest.Since && !article.PublishedEstimated);
        }

        html.Append("</ul>\n</li>\n");
    }

    /// <summary>
    /// "150 detainees — Source A “150”, Source B (about) “نحو 150”": every source with its own words,
    /// and its qualifier where it differs from the figure's, linked to its article.
    /// </summary>
    private static void Figure(StringBuilder html, Development development, DevelopmentFigure figure)
    {
        html.Append("<li class=\"figure\"><span class=\"figure-value\">").Append(Encode(DigestRenderer.FigureText(figure.Value, figure.Qualifier, figure.What))).Append("</span> — ");
        for (var i = 0; i < figure.Sources.Count; i++)
        {
            var source = figure.Sources[i];
            html.Append(i > 0 ? ", " : "");
            AppendSource(html, source.SourceName, SafeUrl(development.Articles.FirstOrDefault(a => a.Id == source.ArticleId)?.Url));
            if ((source.Qualifier ?? figure.Qualifier) is var qualifier && qualifier != figure.Qualifier)
            {
                html.Append(" <span class=\"figure-qualifier\">(").Append(Encode(DigestRenderer.QualifierName(qualifier))).Append(")</span>");
            }

            if (!string.IsNullOrWhiteSpace(source.Text))
            {
                html.Append(" <q class=\"figure-text\"").Append(Direction(source.Text, source.Language)).Append('>').Append(Encode(source.Text)).Append("</q>");
            }
        }

        html.Append("</li>\n");
    }

    /// <summary>The note under a fact line, in its language, that it was generated from the facts and is no translation.</summary>
    private static void Generated(StringBuilder html, ReaderText text)
    {
        if (text.Marker is { } marker)
        {
            html.Append("<p class=\"generated\"").Append(Direction(marker, text.Language)).Append('>').Append(Encode(marker)).Append("</p>\n");
        }
    }

    /// <summary>One article; <paramref name="isNew"/> marks an article published since the window's start in a development first seen before it.</summary>
    private static void Article(StringBuilder html, DevelopmentArticle article, bool isNew)
    {
        var title = article.Headline;
        var direction = title == DevelopmentBuilder.UntitledHeadline ? " dir=\"ltr\" lang=\"en\"" : Direction(title, article.Language);
        html.Append(isNew ? "<li class=\"article new\"><span class=\"badge new\">new</span> " : "<li class=\"article\">");
        if (SafeUrl(article.Url) is { } url)
        {
            html.Append("<a class=\"title\" href=\"").Append(Encode(url)).Append('"').Append(LinkAttributes).Append(direction).Append('>').Append(Encode(title)).Append("</a>");
        }
        else
        {
            html.Append("<span class=\"title\"").Append(direction).Append('>').Append(Encode(title)).Append("</span>");
        }

        html.Append(" — <span class=\"source\" dir=\"auto\">").Append(Encode(article.SourceName)).Append("</span>")
            .Append(", <span class=\"language\">").Append(Encode(article.Language)).Append("</span>, ")
            .Append(TimeElement(article.Published)).Append(article.PublishedEstimated ? " (estimated)" : article.PublishedFromText ? " (date from the text)" : "");
        if (article.Story is { } story)
        {
            html.Append(" (story ").Append(story.ToString(CultureInfo.InvariantCulture)).Append(')');
        }

        if (article.JoinedBy is { } link)
        {
            html.Append("<br><span class=\"why\" dir=\"ltr\" lang=\"en\">joined: ").Append(Encode(string.Join("; ", link.Reasons))).Append("</span>");
        }

        html.Append("</li>\n");
    }

    internal static void AppendSource(StringBuilder html, string name, string? url)
    {
        if (url is null)
        {
            html.Append("<span class=\"source\" dir=\"auto\">").Append(Encode(name)).Append("</span>");
            return;
        }

        html.Append("<a class=\"source\" dir=\"auto\" href=\"").Append(Encode(url)).Append('"').Append(LinkAttributes).Append('>').Append(Encode(name)).Append("</a>");
    }

    /// <summary>
    /// The dir and lang attributes for a text: right-to-left Arabic when it has more Arabic letters
    /// (U+0600–U+06FF) than Latin ones, left-to-right otherwise ("en" unless its article says another
    /// language), and "auto" when it has no letters to tell by.
    /// </summary>
    internal static string Direction(string? text, string? language)
    {
        int arabic = 0, latin = 0;
        foreach (var c in text ?? "")
        {
            if (c is >= '\u0600' and <= '\u06FF' && char.IsLetter(c))
            {
                arabic++;
            }
            else if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') || (c is >= '\u00C0' and <= '\u024F' && char.IsLetter(c)))
            {
                latin++;
            }
        }

        if (arabic > latin)
        {
            return " dir=\"rtl\" lang=\"ar\"";
        }

        if (latin > arabic)
        {
            return language is null or "en" ? " dir=\"ltr\" lang=\"en\"" : " dir=\"ltr\"";
        }

        return " dir=\"auto\"";
    }

    internal static string? SafeUrl(string? url) => FeedText.HttpUrl(url)?.AbsoluteUri;

    /// <summary>A y axis from 0 with 3 to 5 ticks at whole, round steps (1, 2, 2.5, 5 × 10ⁿ; no 2.5 below 25).</summary>
    private static (long Step, long Top) Scale(long max)
    {
        max = Math.Max(max, 1);
        var raw = max / 4.0;
        long step = 1;
        if (raw > 1)
        {
            var magnitude = (long)Math.Pow(10, Math.Floor(Math.Log10(raw)));
            step = 10 * magnitude;
            foreach (var candidate in new[] { magnitude, 2 * magnitude, magnitude >= 10 ? 5 * magnitude / 2 : 2 * magnitude, 5 * magnitude })
            {
                if (candidate * 4 >= max)
                {
                    step = candidate;
                    break;
                }
            }
        }

        return (step, Math.Max(2, (max + step - 1) / step) * step);
    }

    private static string ColourOf(string key, int index) => key switch
    {
        FigureSeries.Moved => "#c2410c",
        FigureSeries.Planned => "#1d4ed8",
        FigureSeries.Repatriated => "#047857",
        _ => Palette[index % Palette.Length],
    };

    /// <summary>A class-name-safe form of a key: letters, digits, '-' and '_' only.</summary>
    private static string Token(string key)
    {
        var sb = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? char.ToLowerInvariant(c) : '-');
        }

        return sb.ToString();
    }

    internal static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    internal static string TimeElement(DateTimeOffset time) =>
        "<time datetime=\"" + time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\">"
        + time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) + "</time>";

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");
}
