using Monitor.Core.Classification;

namespace Monitor.Core.Developments;

/// <summary>
/// One figure of one development as it was reported on one day: the earliest report of that day
/// (its date, source and words), and how many reports of the development stated it that day.
/// </summary>
public sealed record FigurePoint(
    DateTimeOffset Date,
    long Value,
    string Qualifier,
    string? What,
    string DevelopmentId,
    string ArticleId,
    string Source,
    string SourceName,
    string? Url,
    string Text)
{
    public int Reports { get; init; } = 1;
}

/// <summary>A key figure of the topic over time: its points, oldest first.</summary>
/// <param name="Key">"moved", "planned" or "repatriated".</param>
/// <param name="Label">What it shows, for people.</param>
/// <param name="Points">Each figure as a source stated it, oldest first.</param>
public sealed record FigureSeries(string Key, string Label, IReadOnlyList<FigurePoint> Points)
{
    public const string Moved = "moved";
    public const string Planned = "planned";
    public const string Repatriated = "repatriated";

    /// <summary>
    /// The key figures of a set of developments: detainees reported moved (amounts of detainees or
    /// fighters in transfers and handovers), planned (ceilings such as "up to 7,000", and amounts in
    /// plans and agreements) and people repatriated (amounts in repatriations). Each point is a figure
    /// of one development on one day, with the number of reports that stated it.
    /// </summary>
    public static IReadOnlyList<FigureSeries> Of(IEnumerable<Development> developments)
    {
        ArgumentNullException.ThrowIfNull(developments);
        var moved = new List<FigurePoint>();
        var planned = new List<FigurePoint>();
        var repatriated = new List<FigurePoint>();
        foreach (var development in developments)
        {
            // The development's figures, each with the articles that state it (a digest's articles
            // do not carry their own figures).
            var urls = development.Articles.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Url, StringComparer.Ordinal);
            foreach (var figure in development.Figures)
            {
                if (figure.Value < DevelopmentBuilder.SignificantFigure || SeriesOf(development.Type, figure.Qualifier, figure.What) is not { } key)
                {
                    continue;
                }

                foreach (var source in figure.Sources)
                {
                    var point = new FigurePoint(source.Published, figure.Value, figure.Qualifier, figure.What, development.Id, source.ArticleId, source.Source, source.SourceName, urls.GetValueOrDefault(source.ArticleId), source.Text);
                    (key switch { Moved => moved, Planned => planned, _ => repatriated }).Add(point);
                }
            }
        }

        return
        [
            new FigureSeries(Moved, "Detainees reported moved", Ordered(moved)),
            new FigureSeries(Planned, "Detainees planned or expected to move", Ordered(planned)),
            new FigureSeries(Repatriated, "People reported repatriated or returned", Ordered(repatriated)),
        ];
    }

    private static string? SeriesOf(string type, string qualifier, string? what)
    {
        var detainees = what is "detainees" or "fighters";
        if (detainees && qualifier == CountFact.UpTo)
        {
            return Planned;
        }

        return type switch
        {
            "transfer" or "facility_handover" when detainees => Moved,
            "plan_or_agreement" when detainees => Planned,
            "repatriation" when what is not null && qualifier != CountFact.UpTo => Repatriated,
            _ => null,
        };
    }

    /// <summary>One point per development, figure and day (UTC), the earliest report of the day standing for the others.</summary>
    private static List<FigurePoint> Ordered(List<FigurePoint> points) =>
        [.. points
            .DistinctBy(p => (p.ArticleId, p.Value, p.Qualifier))
            .GroupBy(p => (p.DevelopmentId, p.Value, p.Qualifier, p.What, p.Date.UtcDateTime.Date))
            .Select(g => g.OrderBy(p => p.Date).ThenBy(p => p.ArticleId, StringComparer.Ordinal).First() with { Reports = g.Count() })
            .OrderBy(p => p.Date)
            .ThenBy(p => p.Value)];
}
