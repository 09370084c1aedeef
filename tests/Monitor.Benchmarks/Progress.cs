using System.Globalization;

namespace Monitor.Benchmarks;

/// <summary>Progress lines on stderr, stamped with the time since the bench started; stdout keeps only the table.</summary>
internal static class Progress
{
    private static readonly long Started = TimeProvider.System.GetTimestamp();

    /// <summary>Writes one line, numbers formatted the same on every machine.</summary>
    public static void Say(FormattableString message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{TimeProvider.System.GetElapsedTime(Started).TotalSeconds,6:0.0}s] {message.ToString(CultureInfo.InvariantCulture)}"));
}
