using System.Globalization;
using System.Text;
using System.Text.Json;
using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>Writes a digest as JSON (for programs) or Markdown (for people).</summary>
public static class DigestRenderer
{
    public const string JsonContentType = "application/json; charset=utf-8";
    public const string MarkdownContentType = "text/markdown; charset=utf-8";

    /// <summary>
    /// The digest as JSON, version <see cref="Digest.SchemaVersion"/> of the shape described by
    /// <c>digest.schema.json</c> (served at <c>/api/digest/schema</c>): the topic, the window, the
    /// filters, the key figures over time, and the developments with their figures, sources and articles.
    /// </summary>
    public static string ToJson(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var filters = digest.Filters;
        var body = new DigestBody(
            Digest.SchemaVersion,
            digest.Topic,
            digest.TopicName,
            digest.GeneratedAt,
            digest.Since,
            digest.Until,
            digest.Language,
            digest.ReaderLanguage,
            new FiltersBody(filters.Language, filters.Sources, filters.Types, filters.MinScore, filters.Text, filters.Limit),
            digest.Continuation,
            [.. digest.Series.Select(s => new SeriesBody(s.Key, s.Label, [.. s.Points.Select(p => new PointBody(p.Date, p.Value, p.Qualifier, p.What, p.DevelopmentId, p.ArticleId, p.Source, p.SourceName, p.Url, p.Text, p.Reports))]))],
            [.. digest.Developments.Select(d => BodyOf(digest, d))]);
        return JsonSerializer.Serialize(body, MonitorJson.Options);
    }

    private static DevelopmentBody BodyOf(Digest digest, Development d)
    {
        var headline = digest.HeadlineFor(d);
        var summary = digest.SummaryFor(d);
        return new DevelopmentBody(
            d.Id,
            headline.Text,
            headline.Generated,
            d.Headlines,
            d.FactLines ?? new Dictionary<string, string>(),
            summary?.Text,
            summary?.Generated ?? false,
            d.Type,
            d.FirstSeen,
            d.LastUpdated,
            d.Languages,
            d.Sources,
            d.Places,
            d.Actors,
            d.Importance,
            [.. d.Figures.Select(f => new FigureBody(f.Value, f.Qualifier, f.What, [.. f.Sources.Select(s => new FigureSourceBody(s.ArticleId, s.Source, s.SourceName, s.Language, s.Published, s.Qualifier ?? f.Qualifier, s.Text))]))],
            [.. d.Disagreements.Select(x => new DisagreementBody(x.What, x.Kind, x.Values))],
            [.. d.Articles.Select(a => new ArticleBody(a.Id, a.Story, a.Title, a.Url, a.Source, a.SourceName, a.Language, a.Published, a.PublishedEstimated, a.DateSource, Math.Round(a.Score, 3), a.Type, a.Summary,
                a.JoinedBy is { } link ? new JoinBody(link.Article, Math.Round(link.Score, 2), link.Reasons) : null))],
            d.Absorbed);
    }

    /// <summary>A readable digest; all text that comes from feeds is escaped, and only http(s) links are made.</summary>
    public static string ToMarkdown(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var md = new StringBuilder();
        md.Append("# Digest: ").Append(Escape(digest.TopicName ?? digest.Topic)).Append('\n').Append('\n');
        md.Append("Window: ").Append(Time(digest.Since)).Append(" to ").Append(Time(digest.Until))
            .Append(" · generated ").Append(Time(digest.GeneratedAt))
            .Append(" · ").Append(Plural(digest.Developments.Count, "development")).Append('\n');

        if (digest.Developments.Count == 0)
        {
            md.Append('\n').Append("No relevant articles in this window.").Append('\n');
            return md.ToString();
        }

        foreach (var development in digest.Developments)
        {
            md.Append('\n').Append("## ").Append(Escape(digest.HeadlineFor(development).Marked)).Append('\n').Append('\n');
            md.Append("*").Append(Escape(TypeName(development.Type))).Append("* · first seen ").Append(Time(development.FirstSeen))
                .Append(" · last updated ").Append(Time(development.LastUpdated))
                .Append(" · languages: ").Append(Escape(string.Join(", ", development.Languages)))
                .Append(" · ").Append(Plural(development.Articles.Count, "article"))
                .Append(" · importance ").Append(development.Importance.ToString("0.00", CultureInfo.InvariantCulture)).Append('\n');
            if (digest.SummaryUnderHeadline(development) is { } summary)
            {
                md.Append('\n').Append("> ").Append(Escape(summary.Marked)).Append('\n');
            }

            if (development.Figures.Count > 0)
            {
                md.Append('\n').Append("Figures:").Append('\n').Append('\n');
                foreach (var figure in development.Figures)
                {
                    md.Append("- ").Append(Escape(FigureText(figure.Value, figure.Qualifier, figure.What)))
                        .Append(" — ").Append(Escape(string.Join("; ", figure.Sources.Select(s => SourceWording(figure, s)))))
                        .Append('\n');
                }
            }

            foreach (var disagreement in development.Disagreements)
            {
                md.Append('\n').Append("Sources disagree on ").Append(Escape(disagreement.What)).Append(": ")
                    .Append(string.Join(" vs ", disagreement.Values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))).Append('\n');
            }

            if (development.Places.Count + development.Actors.Count > 0)
            {
                md.Append('\n').Append("Places: ").Append(Escape(string.Join(", ", development.Places)))
                    .Append(" · actors: ").Append(Escape(string.Join(", ", development.Actors))).Append('\n');
            }

            md.Append('\n');
            foreach (var article in development.Articles)
            {
                md.Append("- ").Append(Link(article))
                    .Append(" — ").Append(Escape(article.SourceName))
                    .Append(", ").Append(Escape(article.Language))
                    .Append(", ").Append(DateOf(article))
                    .Append(", score ").Append(article.Score.ToString("0.00", CultureInfo.InvariantCulture))
                    .Append(", id ").Append(Escape(article.Id));
                if (article.Story is { } story)
                {
                    md.Append(" (story ").Append(story.ToString(CultureInfo.InvariantCulture)).Append(')');
                }

                md.Append('\n');
            }
        }

        return md.ToString();
    }

    /// <summary>"up to 7,000 detainees", "about 150 families": a figure for people.</summary>
    public static string FigureText(long value, string qualifier, string? what)
    {
        var number = value.ToString("N0", CultureInfo.InvariantCulture);
        var prefix = qualifier is "approx" or "up_to" or "at_least" ? QualifierName(qualifier) + " " : "";
        return prefix + number + (what is null ? "" : " " + what.Replace('_', ' '));
    }

    /// <summary>An article's date for people: "2026-01-23 12:00 UTC", "… (date from the text)" or "no date given".</summary>
    public static string DateOf(DevelopmentArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article.PublishedEstimated ? "no date given" : Time(article.Published) + (article.PublishedFromText ? " (date from the text)" : "");
    }

    /// <summary>A qualifier for people: "about", "up to", "at least", "exact".</summary>
    public static string QualifierName(string qualifier) => qualifier switch
    {
        "approx" => "about",
        "up_to" => "up to",
        "at_least" => "at least",
        _ => "exact",
    };

    /// <summary>
    /// One source of a figure for people: its outlet, its own qualifier where it differs from the
    /// figure's, and its words: "Al Arab (about): “نحو 150”".
    /// </summary>
    public static string SourceWording(DevelopmentFigure figure, FigureSource source)
    {
        ArgumentNullException.ThrowIfNull(figure);
        ArgumentNullException.ThrowIfNull(source);
        var qualifier = source.Qualifier ?? figure.Qualifier;
        return source.SourceName + (qualifier == figure.Qualifier ? "" : " (" + QualifierName(qualifier) + ")") + ": “" + source.Text + "”";
    }

    /// <summary>A development type for people: "facility_handover" → "facility handover".</summary>
    public static string TypeName(string type) => (type ?? "other").Replace('_', ' ');

    /// <summary>
    /// Feed text made inert in Markdown: one line, and every character that could open emphasis,
    /// a link, an image, HTML, a heading close, code or a table cell is backslash-escaped.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in FeedText.OneLine(text))
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '<' or '>' or '#' or '|' or '~' or '!' or '&' or '{' or '}')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        // A line that starts like a list item or a block quote would change the structure.
        if (sb.Length > 0 && sb[0] is '-' or '+' or '=')
        {
            sb.Insert(0, '\\');
        }

        return sb.ToString();
    }

    private static string Link(DevelopmentArticle article)
    {
        var title = article.Headline;
        if (FeedText.HttpUrl(article.Url) is { } url)
        {
            return $"[{Escape(title)}]({Destination(url)})";
        }

        return Escape(title);
    }

    /// <summary>A link destination that cannot end the link early: spaces, brackets and angle brackets percent-encoded.</summary>
    private static string Destination(Uri url)
    {
        var sb = new StringBuilder();
        foreach (var c in url.AbsoluteUri)
        {
            sb.Append(c switch
            {
                ' ' => "%20",
                '(' => "%28",
                ')' => "%29",
                '<' => "%3C",
                '>' => "%3E",
                '[' => "%5B",
                ']' => "%5D",
                '\\' => "%5C",
                '`' => "%60",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");

    private sealed record DigestBody(
        int SchemaVersion,
        string Topic,
        string? TopicName,
        DateTimeOffset GeneratedAt,
        DateTimeOffset Since,
        DateTimeOffset Until,
        string? Language,
        string? ReaderLanguage,
        FiltersBody Filters,
        string? Continuation,
        IReadOnlyList<SeriesBody> Series,
        IReadOnlyList<DevelopmentBody> Developments);

    private sealed record FiltersBody(string? Lang, IReadOnlyList<string> Source, IReadOnlyList<string> Type, double? MinScore, string? Q, int Limit);

    private sealed record SeriesBody(string Key, string Label, IReadOnlyList<PointBody> Points);

    private sealed record PointBody(DateTimeOffset Date, long Value, string Qualifier, string? What, string DevelopmentId, string ArticleId, string Source, string SourceName, string? Url, string Text, int Reports);

    private sealed record DevelopmentBody(
        string Id,
        string Headline,
        bool HeadlineGenerated,
        IReadOnlyDictionary<string, string> Headlines,
        IReadOnlyDictionary<string, string> FactLines,
        string? Summary,
        bool SummaryGenerated,
        string Type,
        DateTimeOffset FirstSeen,
        DateTimeOffset LastUpdated,
        IReadOnlyList<string> Languages,
        IReadOnlyList<string> Sources,
        IReadOnlyList<string> Places,
        IReadOnlyList<string> Actors,
        double Importance,
        IReadOnlyList<FigureBody> Figures,
        IReadOnlyList<DisagreementBody> Disagreements,
        IReadOnlyList<ArticleBody> Articles,
        IReadOnlyList<string> Absorbed);

    private sealed record FigureBody(long Value, string Qualifier, string? What, IReadOnlyList<FigureSourceBody> Sources);

    private sealed record FigureSourceBody(string ArticleId, string Source, string SourceName, string Language, DateTimeOffset Published, string Qualifier, string Text);

    private sealed record DisagreementBody(string What, string Kind, IReadOnlyList<long> Values);

    private sealed record ArticleBody(
        string Id,
        int? Story,
        string? Title,
        string? Url,
        string Source,
        string SourceName,
        string Language,
        DateTimeOffset Published,
        bool PublishedEstimated,
        string DateSource,
        double Score,
        string Type,
        string? Summary,
        JoinBody? JoinedBy);

    private sealed record JoinBody(string Article, double Score, IReadOnlyList<string> Reasons);
}
