using Monitor.Core.Classification;

namespace Monitor.Core.Developments;

/// <summary>One figure as one source stated it on one date.</summary>
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
    string Text);

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
    /// as its source stated it, so two sources on one day are two points.
    /// </summary>
    public static IReadOnlyList<FigureSeries> Of(IEnumerable<Development> developments)
    {
        ArgumentNullException.ThrowIfNull(developments);
        var moved = new List<FigurePoint>();
        var planned = new List<FigurePoint>();
        var repatriated = new List<FigurePoint>();
        foreach (var development in developments)
        {
            foreach (var article in development.Articles)
            {
                foreach (var figure in article.Figures)
                {
                    if (figure.Value < DevelopmentMatcher.SignificantFigure || SeriesOf(development.Type, figure) is not { } key)
                    {
                        continue;
                    }

                    var point = new FigurePoint(article.Published, figure.Value, figure.Qualifier, figure.What, development.Id, article.Id, article.Source, article.SourceName, article.Url, figure.Text);
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

    private static string? SeriesOf(string type, StatedFigure figure)
    {
        var detainees = figure.What is "detainees" or "fighters";
        if (detainees && figure.Qualifier == CountFact.UpTo)
        {
            return Planned;
        }

        return type switch
        {
            "transfer" or "facility_handover" when detainees => Moved,
            "plan_or_agreement" when detainees => Planned,
            "repatriation" when figure.What is not null && figure.Qualifier != CountFact.UpTo => Repatriated,
            _ => null,
        };
    }

    private static List<FigurePoint> Ordered(List<FigurePoint> points) =>
        [.. points
            .DistinctBy(p => (p.ArticleId, p.Value, p.Qualifier))
            .OrderBy(p => p.Date)
            .ThenBy(p => p.Value)];
}
