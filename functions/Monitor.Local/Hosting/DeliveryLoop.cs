using Cronos;
using Microsoft.Extensions.Options;
using Monitor.Core;
using Monitor.Core.Delivery;

namespace Monitor.Local.Hosting;

/// <summary>
/// The delivery timer's local twin: runs the due deliveries on the cron schedule of
/// <see cref="DeliveryTimer.Setting"/> (the same setting the Functions timer reads), and soon after
/// a grouping turn changed developments, so that "immediate" subscribers hear of new articles within seconds.
/// </summary>
public sealed partial class DeliveryLoop : BackgroundService
{
    private readonly WakeSignal wake = new();
    private readonly DeliveryService deliveries;
    private readonly IConfiguration configuration;
    private readonly TimeProvider time;
    private readonly ILogger<DeliveryLoop> log;
    private readonly bool enabled;

    public DeliveryLoop(DeliveryService deliveries, IConfiguration configuration, DevelopmentsChanged changed, IOptions<LocalHostOptions> host, TimeProvider time, ILogger<DeliveryLoop> log)
    {
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(host);
        enabled = host.Value.DeliveryEnabled;
        this.deliveries = deliveries;
        this.configuration = configuration;
        this.time = time;
        this.log = log;
        changed.Changed += Wake;
    }

    /// <summary>Asks for a run now (developments changed); several asks before it runs make one run.</summary>
    public void Wake() => wake.Set();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!enabled)
        {
            return;
        }

        var schedule = CronExpression.Parse(DeliveryTimer.ScheduleFrom(configuration), CronFormat.IncludeSeconds);
        var runs = new FailureStreak(log, "The delivery run");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var run = await deliveries.RunDueAsync(stoppingToken).ConfigureAwait(false);
                if (run.Delivered + run.Failed + run.Confirmations > 0)
                {
                    LogRun(log, run.Subscriptions, run.Delivered, run.NothingNew, run.Failed, run.Confirmations);
                }

                runs.Succeeded();
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                runs.Failed(e);
            }

            try
            {
                await wake.WaitAsync(CronDelay.UntilNext(schedule, time, TimeSpan.FromMinutes(1)), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery run: {Subscriptions} subscription(s), {Delivered} delivered, {NothingNew} with nothing new, {Failed} failed, {Confirmations} confirmation(s) sent")]
    private static partial void LogRun(ILogger logger, int subscriptions, int delivered, int nothingNew, int failed, int confirmations);
}
