using Cronos;
using Microsoft.Extensions.Options;
using Monitor.Core.Feeds;

namespace Monitor.Local.Hosting;

/// <summary>
/// The timer function's local twin: polls the due feeds at start and then on the cron schedule
/// <see cref="PollTimer.Setting"/> (six fields, seconds first), the same setting the Functions timer reads.
/// </summary>
public sealed partial class PollLoop(
    FeedPoller poller,
    IncomingWatcher incoming,
    IConfiguration configuration,
    IOptions<LocalHostOptions> host,
    TimeProvider time,
    ILogger<PollLoop> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!host.Value.PollEnabled)
        {
            return;
        }

        var schedule = CronExpression.Parse(PollTimer.ScheduleFrom(configuration), CronFormat.IncludeSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var report = await poller.PollDueAsync(stoppingToken).ConfigureAwait(false);
                LogPolled(log, report.Feeds.Count, report.Feeds.Sum(f => f.NewItems), report.Feeds.Count(f => f.Outcome == FeedPollOutcome.Failed));
                if (report.Feeds.Any(f => f.NewItems > 0))
                {
                    incoming.Wake();
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(log, e);
            }

            await Task.Delay(CronDelay.UntilNext(schedule, time, TimeSpan.FromMinutes(5)), time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Poll done: {Feeds} feed(s) due, {NewItems} new item(s), {Failed} failing")]
    private static partial void LogPolled(ILogger logger, int feeds, int newItems, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Poll cycle failed; the next one runs on schedule")]
    private static partial void LogPollFailed(ILogger logger, Exception error);
}
