using Microsoft.Extensions.Logging;

namespace Monitor.Core;

/// <summary>
/// A failure that a background loop meets again and again (storage down, a queue unreadable): logged once
/// when it starts, in one line, then again only when it changes (with how often the one before it came) or
/// clears (with the count and how long it lasted). The exception itself, with its stack, is logged at
/// Debug only. Safe to use from several threads.
/// </summary>
public sealed partial class FailureStreak(ILogger log, string what, TimeProvider? time = null)
{
    private readonly Lock gate = new();
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private string? reason;
    private int count;
    private DateTimeOffset since;

    /// <summary>What fails, as the log names it ("Scanning incoming/").</summary>
    public string What { get; } = what;

    /// <summary>Failures in a row so far; 0 while it works.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return count;
            }
        }
    }

    /// <summary>One more failure: logged when it is the first, or not the same as the last.</summary>
    public void Failed(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = FailureText.Of(error);
        string? previous;
        int previousCount;
        lock (gate)
        {
            if (count > 0 && string.Equals(text, reason, StringComparison.Ordinal))
            {
                count++;
                return;
            }

            (previous, previousCount) = (reason, count);
            reason = text;
            count++;
            if (previousCount == 0)
            {
                since = time.GetUtcNow();
            }
        }

        if (previous is null)
        {
            LogStarted(log, What, text);
        }
        else
        {
            LogChanged(log, What, previousCount, previous, text);
        }

        LogDetail(log, What, error);
    }

    /// <summary>It worked: logged when failures came before.</summary>
    public void Succeeded()
    {
        int failures;
        TimeSpan lasted;
        lock (gate)
        {
            if (count == 0)
            {
                return;
            }

            failures = count;
            lasted = time.GetUtcNow() - since;
            count = 0;
            reason = null;
        }

        LogCleared(log, What, failures, Math.Round(lasted.TotalSeconds));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} fails: {Reason}; retrying (logged again when this changes or clears)")]
    private static partial void LogStarted(ILogger logger, string what, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} fails differently after {Count} failure(s) in a row ({Previous}): {Reason}")]
    private static partial void LogChanged(ILogger logger, string what, int count, string previous, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{What} works again after {Count} failure(s) in {Seconds} s")]
    private static partial void LogCleared(ILogger logger, string what, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{What} failed")]
    private static partial void LogDetail(ILogger logger, string what, Exception error);
}
