using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>One rendered digest: what a 200 carries, and when and at which topic version it was made.</summary>
public sealed record DigestAnswer(string ETag, string ContentType, string Body, long TopicVersion, DateTimeOffset MadeAt);

/// <summary>
/// Digests under load. Identical requests (the same URL: topic, window, filters, format) in flight
/// together share one computation; a rendered answer is given again to the same request until its
/// topic's version changes or <see cref="DigestOptions.CacheFor"/> has passed; and at most
/// <see cref="DigestOptions.MaxConcurrent"/> digests are computed at once, a request that cannot get a
/// turn within <see cref="DigestOptions.MaxWait"/> being refused (<see cref="DigestBusyException"/>)
/// rather than left waiting minutes.
/// </summary>
public sealed partial class DigestAnswers(DigestService digests, DevelopmentStore developments, IOptions<DigestOptions> options, TimeProvider time, ILogger<DigestAnswers> log) : IDisposable
{
    private readonly SemaphoreSlim turns = new(options.Value.MaxConcurrent, options.Value.MaxConcurrent);
    private readonly ConcurrentDictionary<string, Lazy<Task<DigestAnswer>>> inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DigestAnswer> answers = new(StringComparer.Ordinal);

    /// <summary>The answer to <paramref name="query"/>, asked as <paramref name="url"/> (which its links name).</summary>
    /// <exception cref="DigestBusyException">No turn came within <see cref="DigestOptions.MaxWait"/>.</exception>
    public async Task<DigestAnswer> AnswerAsync(DigestQuery query, Uri url, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(url);
        var settings = options.Value;
        var key = url.AbsoluteUri;
        long? version = null;
        if (settings.CacheFor > TimeSpan.Zero)
        {
            version = await developments.CurrentVersionAsync(query.Topic, ct).ConfigureAwait(false);
            if (answers.TryGetValue(key, out var kept) && kept.TopicVersion == version && time.GetUtcNow() - kept.MadeAt < settings.CacheFor)
            {
                return kept;
            }
        }

        var shared = inFlight.GetOrAdd(key, _ => new Lazy<Task<DigestAnswer>>(() => ComputeAsync(key, query, url, version)));
        return await shared.Value.WaitAsync(ct).ConfigureAwait(false);
    }

    public void Dispose() => turns.Dispose();

    /// <summary>
    /// One computation for every request of <paramref name="key"/> waiting on it: not cancelled when one
    /// of them goes away, since the others still want it (it ends by itself within the storage timeouts).
    /// </summary>
    private async Task<DigestAnswer> ComputeAsync(string key, DigestQuery query, Uri url, long? version)
    {
        try
        {
            if (!await turns.WaitAsync(options.Value.MaxWait).ConfigureAwait(false))
            {
                LogBusy(log, query.Topic, options.Value.MaxConcurrent);
                throw new DigestBusyException();
            }

            try
            {
                var madeAt = time.GetUtcNow();
                var digest = await digests.BuildAsync(query, CancellationToken.None).ConfigureAwait(false);
                var etag = DigestETag.Of(digest, query.Format);
                var rendered = DigestFormats.Render(digest, query.Format, url);
                var answer = new DigestAnswer(etag, rendered.ContentType, rendered.Body, version ?? -1, madeAt);
                if (version is not null)
                {
                    Keep(key, answer);
                }

                return answer;
            }
            finally
            {
                turns.Release();
            }
        }
        finally
        {
            inFlight.TryRemove(key, out _);
        }
    }

    /// <summary>Keeps <paramref name="answer"/>; when full, the oldest answers go first.</summary>
    private void Keep(string key, DigestAnswer answer)
    {
        answers[key] = answer;
        var excess = answers.Count - options.Value.CacheEntries;
        if (excess > 0)
        {
            foreach (var old in answers.OrderBy(a => a.Value.MadeAt).Take(excess).ToList())
            {
                answers.TryRemove(old.Key, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A digest of {Topic} was refused: {MaxConcurrent} digests were being computed and none finished in time (Digests:MaxConcurrent, Digests:MaxWait)")]
    private static partial void LogBusy(ILogger logger, string topic, int maxConcurrent);
}

/// <summary>Too many digests are being computed: the request should come back later (503 with Retry-After).</summary>
public sealed class DigestBusyException : Exception
{
    public DigestBusyException()
        : base("Too many digests are being computed; try again shortly.")
    {
    }

    public DigestBusyException(string message)
        : base(message)
    {
    }

    public DigestBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
