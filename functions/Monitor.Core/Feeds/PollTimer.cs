using Microsoft.Extensions.Configuration;

namespace Monitor.Core.Feeds;

/// <summary>
/// When the poll runs: one app setting, read by the Functions timer (as a binding expression) and by
/// the local host's loop, so the two cannot drift.
/// </summary>
public static class PollTimer
{
    /// <summary>The app setting that holds the schedule: six-field cron, seconds first.</summary>
    public const string Setting = "PollSchedule";

    /// <summary>The timer trigger's schedule expression, resolved from <see cref="Setting"/>.</summary>
    public const string Binding = "%" + Setting + "%";

    /// <summary>Every five minutes, on the minute.</summary>
    public const string Default = "0 */5 * * * *";

    public static string ScheduleFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[Setting];
        return string.IsNullOrWhiteSpace(value) ? Default : value;
    }
}
