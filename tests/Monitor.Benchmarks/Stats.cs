namespace Monitor.Benchmarks;

/// <summary>The few statistics the table needs.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values to take the median of.", nameof(values));
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// The nearest-rank percentile: the smallest value with at least <paramref name="percent"/>% of
    /// the values at or below it (p50 of 300 is the 150th smallest, p99 the 297th). Always a measured value.
    /// </summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values to take a percentile of.", nameof(values));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent * sorted.Count / 100); // percent × count first: exact for whole percents
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
