using System.Globalization;
using Monitor.Core.Classification;
using Monitor.Core.Digests;

namespace Monitor.Core.Developments;

/// <summary>One labelled article for grouping: its event and the type of that event's development.</summary>
/// <param name="Id">The input's id.</param>
/// <param name="Event">The event it tells.</param>
/// <param name="Type">The type of that event's development (null when not labelled).</param>
/// <param name="Language">Its language.</param>
public sealed record LabelledEvent(string Id, string Event, string? Type, string Language);

/// <summary>Pairs counted and how many came out right.</summary>
public sealed record PairCount(int Right, int Total)
{
    public double Rate => Total == 0 ? 1 : (double)Right / Total;

    public PairCount Add(bool right) => new(Right + (right ? 1 : 0), Total + 1);

    public static PairCount Empty { get; } = new(0, 0);
}

/// <summary>A pair of articles grouped wrongly, with why.</summary>
/// <param name="A">One article's id.</param>
/// <param name="B">The other's.</param>
/// <param name="Together">True when they are in one development but tell different events; false when they tell one event and are apart.</param>
/// <param name="Score">Their join score.</param>
/// <param name="Reasons">For a pair together: what ties each to its development; for a pair apart: what keeps them apart, or what they share and the score.</param>
public sealed record WrongPair(string A, string B, bool Together, double Score, string Reasons);

/// <summary>A development that mixes labelled events or holds only part of one: its id, type and each event's articles in it.</summary>
/// <param name="Id">The development's id.</param>
/// <param name="Type">Its type.</param>
/// <param name="Events">Each labelled event in it, with the ids of its articles there and how many of the event's articles were found in all.</param>
public sealed record MixedDevelopment(string Id, string Type, IReadOnlyList<(string Event, IReadOnlyList<string> Ids, int OfEvent)> Events)
{
    /// <summary>The labelled type of its largest event, when that differs from the development's type; null when they agree.</summary>
    public string? LabelledType { get; init; }
}

/// <summary>
/// How well developments match labelled events: pairs of one event together and pairs of different
/// events apart (same-language and cross-language apart), B-cubed precision, recall and F1, the
/// type of each article's development against its label (with the confusion counts), and every
/// wrong pair with its reasons. Articles the classifier did not find relevant are counted apart
/// (<see cref="Missed"/>): grouping is scored on the articles that reach the developments.
/// </summary>
public sealed record GroupingEvaluation(
    int Articles,
    int Events,
    int Missed,
    PairCount SameEvent,
    PairCount SameEventCrossLanguage,
    PairCount DifferentEvents,
    PairCount DifferentEventsCrossLanguage,
    double BCubedPrecision,
    double BCubedRecall,
    PairCount TypeRight,
    IReadOnlyDictionary<(string Label, string Predicted), int> TypeConfusion,
    IReadOnlyList<WrongPair> WrongPairs,
    IReadOnlyList<MixedDevelopment> Mixed)
{
    public double BCubedF1 => BCubedPrecision + BCubedRecall == 0 ? 0 : 2 * BCubedPrecision * BCubedRecall / (BCubedPrecision + BCubedRecall);

    /// <summary>
    /// Scores the developments against the labels. Each labelled article is found by its id (a
    /// page's stories: the development of its best-scored story).
    /// </summary>
    public static GroupingEvaluation Of(IReadOnlyList<LabelledEvent> labelled, IReadOnlyList<Development> developments, JoinScore scorer)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(developments);
        ArgumentNullException.ThrowIfNull(scorer);
        var placed = new Dictionary<string, (Development Development, DevelopmentArticle Article)>(StringComparer.Ordinal);
        foreach (var development in developments)
        {
            foreach (var article in development.Articles)
            {
                if (!placed.TryGetValue(article.Id, out var seen) || article.Score > seen.Article.Score)
                {
                    placed[article.Id] = (development, article);
                }
            }
        }

        var found = labelled.Where(l => placed.ContainsKey(l.Id)).OrderBy(l => l.Id, StringComparer.Ordinal).ToList();
        var missed = labelled.Count - found.Count;
        var prepared = found.ToDictionary(l => l.Id, l => scorer.Prepare(placed[l.Id].Article), StringComparer.Ordinal);

        PairCount same = PairCount.Empty, sameCross = PairCount.Empty, different = PairCount.Empty, differentCross = PairCount.Empty;
        var wrong = new List<WrongPair>();
        for (var i = 0; i < found.Count; i++)
        {
            for (var j = i + 1; j < found.Count; j++)
            {
                var (a, b) = (found[i], found[j]);
                var together = placed[a.Id].Development.Id == placed[b.Id].Development.Id;
                var cross = a.Language != b.Language;
                if (a.Event == b.Event)
                {
                    same = same.Add(together);
                    if (cross)
                    {
                        sameCross = sameCross.Add(together);
                    }
                }
                else
                {
                    different = different.Add(!together);
                    if (cross)
                    {
                        differentCross = differentCross.Add(!together);
                    }
                }

                if (together != (a.Event == b.Event))
                {
                    var pair = scorer.Score(prepared[a.Id], prepared[b.Id]);
                    wrong.Add(new WrongPair(a.Id, b.Id, together, pair.Score, together
                        ? $"{a.Id} joined by {Link(placed[a.Id].Article)}; {b.Id} joined by {Link(placed[b.Id].Article)}"
                        : pair.Apart is { } apart ? $"kept apart: {apart}"
                        : scorer.Joins(pair) ? $"score {Number(pair.Score)} joins, but their developments stay apart (another pair of them is kept apart, or their mean link is too weak); shares: {string.Join("; ", scorer.Reasons(prepared[a.Id], prepared[b.Id], pair))}"
                        : $"score {Number(pair.Score)} below the threshold; shares: {string.Join("; ", scorer.Reasons(prepared[a.Id], prepared[b.Id], pair))}"));
                }
            }
        }

        // B-cubed over the articles found: each article's development against its event.
        double precision = 0, recall = 0;
        foreach (var item in found)
        {
            var development = placed[item.Id].Development.Id;
            var cluster = found.Where(o => placed[o.Id].Development.Id == development).ToList();
            var eventSize = found.Count(o => o.Event == item.Event);
            var both = cluster.Count(o => o.Event == item.Event);
            precision += (double)both / cluster.Count;
            recall += (double)both / eventSize;
        }

        var typeRight = PairCount.Empty;
        var confusion = new SortedDictionary<(string, string), int>();
        foreach (var item in found.Where(f => f.Type is not null))
        {
            var predicted = placed[item.Id].Development.Type;
            typeRight = typeRight.Add(predicted == item.Type);
            confusion[(item.Type!, predicted)] = confusion.GetValueOrDefault((item.Type!, predicted)) + 1;
        }

        var eventSizes = found.GroupBy(f => f.Event, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var eventTypes = found.GroupBy(f => f.Event, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Type, StringComparer.Ordinal);
        var mixed = new List<MixedDevelopment>();
        foreach (var inDevelopment in found.GroupBy(f => placed[f.Id].Development, ReferenceEqualityComparer.Instance))
        {
            var development = (Development)inDevelopment.Key!;
            List<(string Event, IReadOnlyList<string> Ids, int OfEvent)> events = [.. inDevelopment
                .GroupBy(f => f.Event, StringComparer.Ordinal)
                .OrderByDescending(e => e.Count()).ThenBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => (e.Key, (IReadOnlyList<string>)[.. e.Select(f => f.Id)], eventSizes[e.Key]))];

            // The labelled type of its largest event, when the development has another.
            var labelledType = eventTypes[events[0].Event];
            var mistyped = labelledType is not null && labelledType != development.Type;
            if (events.Count > 1 || events[0].Ids.Count < events[0].OfEvent || mistyped)
            {
                mixed.Add(new MixedDevelopment(development.Id, development.Type, events) { LabelledType = mistyped ? labelledType : null });
            }
        }

        mixed = [.. mixed.OrderBy(m => m.Events[0].Event, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal)];

        return new GroupingEvaluation(
            found.Count,
            found.Select(f => f.Event).Distinct(StringComparer.Ordinal).Count(),
            missed,
            same,
            sameCross,
            different,
            differentCross,
            found.Count == 0 ? 1 : precision / found.Count,
            found.Count == 0 ? 1 : recall / found.Count,
            typeRight,
            confusion,
            wrong,
            mixed);
    }

    /// <summary>
    /// Labelled input lines through the offline digest's path (classified, each relevant one read
    /// as the developments read it, grouped by the topic's rules) and scored against their events.
    /// Null when no relevant line carries an event.
    /// </summary>
    public static GroupingEvaluation? Run(IReadOnlyList<BatchArticle> input, ArticleClassifier classifier, TopicProfile topic, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(topic);
        var members = OfflineDigest.Articles(input, classifier, topic, null, null, now);
        var events = Labelled(input, members);
        if (events.Count == 0)
        {
            return null;
        }

        var grouper = new DevelopmentGrouper(topic.Grouping);
        return Of(events, grouper.Developments(members), grouper.Scorer);
    }

    /// <summary>The relevant-labelled lines that carry an event; the language is the label's, else the one detected.</summary>
    public static List<LabelledEvent> Labelled(IReadOnlyList<BatchArticle> input, IReadOnlyList<DevelopmentArticle> members)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(members);
        var detected = members.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Language, StringComparer.Ordinal);
        return [.. input
            .Where(a => !string.IsNullOrWhiteSpace(a.Event) && a.Label?.Trim().ToLowerInvariant() == Evaluation.Relevant)
            .Select(a => new LabelledEvent(
                a.Id!,
                a.Event!.Trim(),
                string.IsNullOrWhiteSpace(a.Type) ? null : a.Type.Trim(),
                !string.IsNullOrWhiteSpace(a.Language) ? a.Language.Trim().ToLowerInvariant() : detected.GetValueOrDefault(a.Id!, "other")))];
    }

    /// <summary>The gates that fail: name and value of each measure below its least.</summary>
    public IReadOnlyList<(string Measure, double Value, double Least)> Below(double? together, double? apart, double? bcubed, double? type)
    {
        var below = new List<(string, double, double)>();
        void Check(string name, double value, double? least)
        {
            if (least is { } l && value < l)
            {
                below.Add((name, value, l));
            }
        }

        Check("same-event pairs together", SameEvent.Rate, together);
        Check("different-event pairs apart", DifferentEvents.Rate, apart);
        Check("B-cubed F1", BCubedF1, bcubed);
        Check("type accuracy", TypeRight.Rate, type);
        return below;
    }

    private static string Link(DevelopmentArticle article) =>
        article.JoinedBy is { } link ? $"{link.Article} ({Number(link.Score)}: {string.Join("; ", link.Reasons)})" : "nothing (alone)";

    private static string Number(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
