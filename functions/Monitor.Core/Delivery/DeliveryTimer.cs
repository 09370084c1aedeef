using Microsoft.Extensions.Configuration;

namespace Monitor.Core.Delivery;

/// <summary>
/// When deliveries run: one app setting, read by the Functions timer (as a binding expression) and
/// by the local host's loop. Each run serves every subscription that is due; "immediate" ones are
/// due at every run, so this is also how soon they hear of a development.
/// </summary>
public static class DeliveryTimer
{
    /// <summary>The app setting that holds the schedule: six-field cron, seconds first.</summary>
    public const string Setting = "DeliverySchedule";

    public const string Binding = "%" + Setting + "%";

    /// <summary>Every minute, on the minute.</summary>
    public const string Default = "0 * * * * *";

    public static string ScheduleFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[Setting];
        return string.IsNullOrWhiteSpace(value) ? Default : value;
    }
}
