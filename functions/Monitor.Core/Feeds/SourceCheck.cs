using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using Monitor.Core.Articles;
using Monitor.Core.Classification;

namespace Monitor.Core.Feeds;

/// <summary>What one fetch and parse of a feed address showed, with no storage involved.</summary>
public sealed record SourceCheckResult
{
    /// <summary>The address checked.</summary>
    public required Uri Url { get; init; }

    /// <summary>The address that answered, after redirects.</summary>
    public Uri? FinalUrl { get; init; }

    /// <summary>The last HTTP status received, or null when no answer came.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>From the request to the parsed feed (or the failure).</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Null when the address gave a feed that parses.</summary>
    public FeedFailureReason? FailureReason { get; init; }

    /// <summary>Why it failed, in words (as <c>/api/sources</c> shows it).</summary>
    public string? Error { get; init; }

    /// <summary>"Atom", "Rss_2_0"…</summary>
    public string? Format { get; init; }

    /// <summary>The feed's own title.</summary>
    public string? Title { get; init; }

    public int Items { get; init; }

    /// <summary>The language the items are written in ("ar", "en", "other"), as the classifier detects it; null without items.</summary>
    public string? Language { get; init; }

    /// <summary>The latest date an item carries; null when none has one.</summary>
    public DateTimeOffset? Newest { get; init; }

    public bool Succeeded => FailureReason is null;
}

/// <summary>
/// One feed address fetched and parsed once, as a poll would (the same fetcher, address policy, limits
/// and parser), with nothing stored: what <c>monitor sources check</c> and <c>sources find</c> show.
/// </summary>
public sealed class SourceCheck
{
    /// <summary>How many items' titles and summaries are read to tell the feed's language.</summary>
    private const int ItemsForLanguage = 20;

    private readonly FeedFetcher fetcher;
    private readonly FeedOptions options;

    public SourceCheck(IHttpClientFactory http, IOptions<FeedOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        fetcher = new FeedFetcher(http, this.options);
    }

    /// <summary>Checks each address, as many at a time as <see cref="FeedOptions.MaxConcurrency"/>; results in the order given.</summary>
    public async Task<IReadOnlyList<SourceCheckResult>> CheckAsync(IReadOnlyList<Uri> urls, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var results = new SourceCheckResult[urls.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, urls.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = ct },
            async (i, token) => results[i] = await CheckAsync(urls[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>Fetches and parses the feed at <paramref name="url"/>; never throws for what the server does.</summary>
    public async Task<SourceCheckResult> CheckAsync(Uri url, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var fetch = await fetcher.FetchAsync(url, etag: null, lastModified: null, ct).ConfigureAwait(false);
        var result = new SourceCheckResult { Url = url, FinalUrl = fetch.FinalUrl, HttpStatus = fetch.StatusCode };
        if (!fetch.Succeeded)
        {
            return result with { Elapsed = clock.Elapsed, FailureReason = fetch.FailureReason, Error = fetch.Error };
        }

        ParsedFeed feed;
        try
        {
            feed = FeedDocument.Parse(FeedDecoding.Decode(fetch.Body ?? [], fetch.Charset), fetch.FinalUrl);
        }
        catch (FeedFormatException e)
        {
            return result with { Elapsed = clock.Elapsed, FailureReason = e.Reason, Error = e.Message };
        }

        return result with
        {
            Elapsed = clock.Elapsed,
            Format = feed.Format,
            Title = feed.Title,
            Items = feed.Items.Count,
            Language = LanguageOf(feed.Items),
            Newest = feed.Items.Max(i => i.Published),
        };
    }

    /// <summary>The language of the first items' titles and summaries, as the classifier tells it.</summary>
    private static string? LanguageOf(IReadOnlyList<ParsedFeedItem> items)
    {
        if (items.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var item in items.Take(ItemsForLanguage))
        {
            text.AppendLine(item.Title).AppendLine(HtmlText.ToPlainText(item.SummaryHtml));
        }

        return LanguageDetector.Detect(text.ToString());
    }
}
