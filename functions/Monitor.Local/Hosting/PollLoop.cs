using Cronos;
using Microsoft.Extensions.Options;
using Monitor.Core;
using Monitor.Core.Feeds;

namespace Monitor.Local.Hosting;

/// <summary>
/// The timer function's local twin: sends the due feeds to the feed-polls queue at start and then on
/// the cron schedule <see cref="PollTimer.Setting"/> (six fields, seconds first), the same setting the
/// Functions timer reads, and wakes the queue's worker (<see cref="FeedPollWorker"/>).
/// </summary>
public sealed class PollLoop(
    DueFeeds due,
    FeedPollWorker worker,
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
        var cycles = new FailureStreak(log, "The poll timer (due feeds to the feedpolls queue)");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await due.SendAsync(stoppingToken).ConfigureAwait(false) > 0)
                {
                    worker.Wake();
                }

                cycles.Succeeded();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                cycles.Failed(e);
            }

            await Task.Delay(CronDelay.UntilNext(schedule, time, TimeSpan.FromMinutes(5)), time, stoppingToken).ConfigureAwait(false);
        }
    }
}
