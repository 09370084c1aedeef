using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Monitor.Core.Classification;
using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>
/// Turns a topic's developments into the digest a request asked for: its filters applied, most
/// recently updated first, one page of at most <see cref="DigestFilters.Limit"/> developments with a
/// continuation token for the next, and the key figures over time of every development that passed
/// the filters. Each development gets its fact lines, written from the topic's phrases. The stored
/// digest, the offline one and deliveries all go through it.
/// </summary>
public static class DigestAssembler
{
    public static Digest Assemble(
        string topic,
        string? topicName,
        IEnumerable<Development> developments,
        DigestQuery query,
        DateTimeOffset generatedAt,
        FactLinePhrases phrases)
    {
        ArgumentNullException.ThrowIfNull(developments);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(phrases);
        var filters = query.Filters;
        var words = QueryWords(filters.Text);
        var chosen = developments
            .Select(d => d with { FactLines = FactLine.Of(d, phrases) })
            .Where(d => Passes(d, filters, words))
            .OrderByDescending(d => d.LastUpdated)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();

        var start = 0;
        if (query.Continuation is { } token)
        {
            var (updated, id) = ContinuationToken.Read(token) ?? throw new ArgumentException("The continuation token is not valid.", nameof(query));
            start = chosen.FindIndex(d => d.LastUpdated < updated || (d.LastUpdated == updated && string.CompareOrdinal(d.Id, id) > 0));
            if (start < 0)
            {
                start = chosen.Count;
            }
        }

        var page = chosen.Skip(start).Take(filters.Limit).ToList();
        var more = start + page.Count < chosen.Count;
        return new Digest(topic, generatedAt, query.Since, query.Until, page)
        {
            TopicName = topicName,
            Language = filters.Language,
            ReaderLanguage = filters.ReaderLanguage,
            Filters = filters,
            Series = FigureSeries.Of(chosen),
            Continuation = more ? ContinuationToken.Write(page[^1].LastUpdated, page[^1].Id) : null,
        };
    }

    private static bool Passes(Development d, DigestFilters filters, List<string[]> words)
    {
        if (filters.Language is { } language && !d.Languages.Contains(language, StringComparer.Ordinal))
        {
            return false;
        }

        if (filters.Sources.Count > 0 && !d.Sources.Any(s => filters.Sources.Contains(s, StringComparer.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (filters.Types.Count > 0 && !filters.Types.Contains(d.Type, StringComparer.Ordinal))
        {
            return false;
        }

        if (filters.MinScore is { } min && d.Importance < min)
        {
            return false;
        }

        return words.Count == 0 || ContainsAll(d, words);
    }

    /// <summary>Every query word (in one of its forms) appears among the words of the headlines, summary, fact lines, article titles, places or actors (folded, so أ/ا and case do not matter).</summary>
    private static bool ContainsAll(Development d, List<string[]> words)
    {
        var text = new StringBuilder();
        text.Append(d.Headline).Append('\n').Append(d.Summary).Append('\n');
        foreach (var headline in d.Headlines.Values.Concat(d.FactLines?.Values ?? []))
        {
            text.Append(headline).Append('\n');
        }

        foreach (var article in d.Articles)
        {
            text.Append(article.Title).Append('\n').Append(article.Summary).Append('\n');
        }

        text.AppendJoin(' ', d.Places).Append(' ').AppendJoin(' ', d.Actors);
        var found = MatchText.Of(text.ToString()).Words.SelectMany(w => w.Readings).ToHashSet(StringComparer.Ordinal);
        return words.All(readings => readings.Any(found.Contains));
    }

    /// <summary>Each query word with the forms it can be read as (transfers → transfer; والهول → الهول, هول).</summary>
    private static List<string[]> QueryWords(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. MatchText.Of(text).Words.Select(w => w.Readings)];
}

/// <summary>An opaque token that says where a page of developments ended: the last one's update time and id.</summary>
public static class ContinuationToken
{
    public static string Write(DateTimeOffset lastUpdated, string id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastUpdated.UtcTicks.ToString(CultureInfo.InvariantCulture) + ":" + id));

    /// <summary>The token's time and id, or null when it is not a token this class wrote.</summary>
    public static (DateTimeOffset LastUpdated, string Id)? Read(string token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1
            || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return null;
        }

        return (new DateTimeOffset(ticks, TimeSpan.Zero), text[(colon + 1)..]);
    }
}
