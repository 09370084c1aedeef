using Monitor.Core.Articles;
using Monitor.Core.Classification;
using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>
/// A digest of articles given as a file, with no storage: each article (each story of a scraped
/// page) is classified, the relevant ones are grouped into developments by the topic's grouping
/// (<see cref="DevelopmentGrouper"/>, a function of the set of articles, as the store uses it), and
/// the developments go through the same filters and formats as the stored digest. An article with
/// no time takes the date its text gives, marked as read from the text; with none, it is placed at
/// the latest time known in the input (or now) and marked as estimated; it joins a development by
/// content alone, under a stricter score.
/// </summary>
public static class OfflineDigest
{
    public const string DefaultSource = "input";

    /// <summary>Builds the digest; <paramref name="since"/> and <paramref name="until"/> keep only articles published in that window.</summary>
    public static Digest Build(
        IReadOnlyList<BatchArticle> input,
        ArticleClassifier classifier,
        TopicProfile topic,
        DigestFilters filters,
        DateTimeOffset? since,
        DateTimeOffset? until,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var articles = Articles(input, classifier, topic, since, until, now);
        var developments = new DevelopmentGrouper(topic.Grouping).Developments(articles);
        var first = articles.Count > 0 ? articles.Min(a => a.Published) : now;
        var last = articles.Count > 0 ? articles.Max(a => a.Published) : now;
        var query = new DigestQuery(topic.Id, since ?? first, until ?? last, DigestFormat.Json) { Filters = filters };
        return DigestAssembler.Assemble(topic.Id, topic.Name, developments, query, now, topic.FactLines);
    }

    /// <summary>
    /// The relevant articles of the input as the developments read them (each relevant story of a
    /// page on its own); those outside [<paramref name="since"/>, <paramref name="until"/>] are left
    /// out. An article with no time takes the date its text gives (a date line, the dateline, the
    /// first sentence; a date without a year is the last such day by the latest time given in the
    /// input, or now), marked as read from the text; with none, it is placed at the latest time known
    /// in the input (or now) and marked as estimated: it joins by content alone.
    /// </summary>
    public static List<DevelopmentArticle> Articles(
        IReadOnlyList<BatchArticle> input,
        ArticleClassifier classifier,
        TopicProfile topic,
        DateTimeOffset? since,
        DateTimeOffset? until,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(topic);
        var given = input.Where(a => a.Published is not null).Select(a => a.Published!.Value).ToList();
        var reference = given.Count > 0 ? given.Max() : now;
        var read = input.Select(item =>
        {
            var source = string.IsNullOrWhiteSpace(item.Source) ? DefaultSource : item.Source.Trim();
            var classified = ClassifiedText.Of(classifier, item.Title, item.Text, source);
            return (Item: item, Source: source, Classified: classified, Published: item.Published ?? TextDates.Read(classified.Text, reference));
        }).ToList();
        var known = read.Where(r => r.Published is not null).Select(r => r.Published!.Value).ToList();
        var undated = known.Count > 0 ? known.Max() : now;
        var articles = new List<DevelopmentArticle>();
        foreach (var (item, source, classified, published) in read)
        {
            if (published is { } p && ((since is { } s && p < s) || (until is { } u && p > u)))
            {
                continue;
            }

            var origin = new ArticleOrigin(item.Url, source, source, published ?? undated, published is null) { PublishedFromText = item.Published is null && published is not null };
            articles.AddRange(Relevant(item, classified, topic.Id, origin));
        }

        return articles;
    }

    /// <summary>The relevant texts of one input: the article itself, or each relevant story of a page holding several.</summary>
    private static IEnumerable<DevelopmentArticle> Relevant(BatchArticle item, ClassifiedText classified, string topic, ArticleOrigin origin)
    {
        var (title, text, whole, stories) = classified;
        if (stories.Count == 0)
        {
            var score = whole.Topics.Single(t => t.Topic == topic);
            if (score.Relevant)
            {
                yield return DevelopmentArticles.Of(item.Id!, null, title, text, origin, whole.Language, score, whole.Facts);
            }

            yield break;
        }

        for (var i = 0; i < stories.Count; i++)
        {
            var (story, result) = stories[i];
            var score = result.Topics.Single(t => t.Topic == topic);
            if (score.Relevant)
            {
                var storyTitle = string.IsNullOrWhiteSpace(story.Title) ? title : story.Title;
                yield return DevelopmentArticles.Of(item.Id!, i + 1, storyTitle, story.Text, origin, result.Language, score, result.Facts) with { Teaser = story.Kind == PageStoryKind.Teaser };
            }
        }
    }
}
