using System.Collections.Concurrent;
using System.Text;
using Monitor.IntegrationTests.Infrastructure;
using Monitor.Local.Azurite;

namespace Monitor.IntegrationTests.Hosting;

/// <summary><c>monitor run --otlp</c>: the real host exports the core's spans and counters to an OTLP endpoint.</summary>
[TestClass]
public sealed class TelemetryExportTests
{
    [TestMethod]
    public async Task With_otlp_the_host_exports_its_spans_and_counters_to_the_endpoint()
    {
        // An OTLP/HTTP receiver on loopback: the exporter posts protobuf to /v1/traces and /v1/metrics.
        await using var collector = await FeedServer.StartAsync();
        var received = new ConcurrentQueue<(string Path, string Body)>();
        foreach (var path in new[] { "/v1/traces", "/v1/metrics" })
        {
            collector.Map(path, async context =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                received.Enqueue((path, Encoding.UTF8.GetString(body.ToArray())));
            });
        }

        var connection = DevelopmentStorage.ConnectionString(HostProcess.FreePort(), HostProcess.FreePort(), HostProcess.FreePort());
        await using var host = await HostProcess.StartAsync(
            "--demo",
            $"--Storage:ConnectionString={connection}",
            "--otlp", collector.BaseAddress.AbsoluteUri.TrimEnd('/'),
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=500",
            "--OTEL_METRIC_EXPORT_INTERVAL=1000");

        // Protobuf keeps strings as UTF-8 bytes: the span, attribute and counter names are readable in the bodies.
        bool Sent(string path, string name) => received.Any(r => r.Path == path && r.Body.Contains(name, StringComparison.Ordinal));
        await Eventually.TrueAsync(
            () => Task.FromResult(Sent("/v1/traces", "monitor.feed.fetch") && Sent("/v1/traces", "monitor.article.process") && Sent("/v1/metrics", "monitor.articles.stored")),
            TimeSpan.FromSeconds(60),
            "the demo's polls and articles reach the OTLP endpoint");
        Assert.IsTrue(Sent("/v1/traces", "monitor.feed"), "with the feed attribute");
    }
}
