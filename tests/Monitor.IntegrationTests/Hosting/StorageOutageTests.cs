using Monitor.IntegrationTests.Infrastructure;
using Monitor.Local.Azurite;

namespace Monitor.IntegrationTests.Hosting;

/// <summary>The real executable while the Azurite it uses is killed for 30 s and started again on the same ports.</summary>
[TestClass]
public sealed class StorageOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [TestMethod]
    public async Task A_30_s_storage_outage_is_logged_in_a_handful_of_lines_once_per_loop_and_when_it_clears_without_stack_traces()
    {
        var data = Path.Combine(Path.GetTempPath(), $"monitor-outage-{Guid.NewGuid():N}");
        await using var server = await FeedServer.StartAsync();
        server.MapFeed("/wire.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(3, "wire")));
        var sourcesFile = Path.Combine(Path.GetTempPath(), $"monitor-sources-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(sourcesFile, $$"""
            { "sources": [ { "id": "wire", "name": "Wire", "url": "{{server.UrlOf("wire.xml")}}", "language": "en", "outlet": "Wire", "pollIntervalMinutes": 1 } ] }
            """);
        var azurite = await AzuriteProcess.StartAsync(new AzuritePorts(0, 0, 0), data, CancellationToken.None);
        try
        {
            // Every loop looks at storage often: the scan of incoming/ and both queue workers every
            // half second, the poll timer and the deliveries every five seconds.
            await using var host = await HostProcess.StartAsync(
                $"--Storage:ConnectionString={azurite.ConnectionString}",
                $"--Feeds:SourcesPath={sourcesFile}",
                "--Feeds:AllowLoopback=true",
                "--LocalHost:IncomingScanInterval=00:00:00.500",
                "--PollSchedule=*/5 * * * * *",
                "--DeliverySchedule=*/5 * * * * *");
            await Eventually.TrueAsync(() => Task.FromResult(host.Output.Contains("Stored article", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "the feed's items stored before the outage");

            // Azurite writes its data to disk every few seconds; let it write what the host made.
            await Task.Delay(TimeSpan.FromSeconds(6));
            var before = host.Output.Length;
            var ports = azurite.Ports;
            await azurite.DisposeAsync();
            await Task.Delay(Outage);
            var during = host.Output[before..];
            azurite = await AzuriteProcess.StartAsync(ports, data, CancellationToken.None);
            await Eventually.TrueAsync(async () => (await host.Client.GetAsync("/api/health")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the host answers again");

            // A loop caught in the storage SDK's own retries (their waits double up to half a minute) comes back at its next try.
            int Count(string text) => host.Output[before..].Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));
            await Eventually.TrueAsync(() => Task.FromResult(Count(" works again after ") >= Count(" fails")), TimeSpan.FromSeconds(60), "every loop that failed works again");
            await Task.Delay(TimeSpan.FromSeconds(2));

            var lines = host.Output[before..].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var failures = lines.Where(l => l.Contains(" fails", StringComparison.Ordinal)).ToList();
            var cleared = lines.Where(l => l.Contains(" works again after ", StringComparison.Ordinal)).ToList();
            var report = $"{lines.Length} line(s) after the kill:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
            Assert.DoesNotContain("   at ", host.Output[before..], "no stack trace: " + report);
            Assert.DoesNotContain("Exception", host.Output[before..], "no exception dump: " + report);
            Assert.IsTrue(failures.Count is >= 3 and <= 5, "one line from each loop that met the outage (incoming scan, two queues, poll timer, deliveries): " + report);
            Assert.HasCount(failures.Count, failures.Select(l => l[l.IndexOf(' ', StringComparison.Ordinal)..l.IndexOf(" fails", StringComparison.Ordinal)]).Distinct().ToList(), "each loop logs its failure once: " + report);
            Assert.IsTrue(failures.All(l => l.Contains("connection refused", StringComparison.Ordinal)), "the reason in words: " + report);
            Assert.IsTrue(failures.All(l => during.Contains(l, StringComparison.Ordinal)), "logged when it started, not after: " + report);
            Assert.HasCount(failures.Count, cleared, "each loop says when it works again: " + report);
            Assert.IsTrue(cleared.All(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"works again after \d+ failure\(s\) in \d+ s")), "with how many failures it counted and how long they lasted: " + report);
            Assert.IsLessThanOrEqualTo(20, lines.Length, "a handful of lines in all: " + report);
        }
        finally
        {
            await azurite.DisposeAsync();
            File.Delete(sourcesFile);
            Directory.Delete(data, recursive: true);
        }
    }
}
