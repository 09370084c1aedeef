using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Monitor.Functions.Tests.Infrastructure;

/// <summary>
/// OpenTelemetry's in-memory exporters added to a host's own providers: the spans and counters the
/// host would export, kept for the test.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly List<Activity> spans = [];
    private readonly List<Metric> metrics = [];

    /// <summary>Adds the exporters to the providers the host's wiring configures.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(this.metrics));
    }

    /// <summary>
    /// Exports what the host's providers hold (made now if the host never started them). Counters
    /// are cumulative, so only the latest export of them is kept.
    /// </summary>
    public void Flush(IServiceProvider services)
    {
        metrics.Clear();
        services.GetRequiredService<TracerProvider>().ForceFlush();
        services.GetRequiredService<MeterProvider>().ForceFlush();
    }

    /// <summary>The core's spans of that name.</summary>
    public IReadOnlyList<Activity> Spans(string name) =>
        [.. spans.Where(s => s.Source.Name == MonitorTelemetry.Name && s.OperationName == name)];

    /// <summary>The sum a counter of the core's meter reached, over the points whose tag <paramref name="tag"/> is <paramref name="value"/> (every point when null).</summary>
    public long Sum(string counter, string? tag = null, string? value = null)
    {
        long sum = 0;
        foreach (var metric in metrics.Where(m => m.MeterName == MonitorTelemetry.Name && m.Name == counter))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                if (tag is null || Matches(point, tag, value))
                {
                    sum += point.GetSumLong();
                }
            }
        }

        return sum;
    }

    private static bool Matches(in MetricPoint point, string tag, string? value)
    {
        foreach (var pair in point.Tags)
        {
            if (pair.Key == tag && Equals(pair.Value?.ToString(), value))
            {
                return true;
            }
        }

        return false;
    }
}
