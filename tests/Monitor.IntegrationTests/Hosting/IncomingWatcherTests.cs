using Monitor.Local.Hosting;

namespace Monitor.IntegrationTests.Hosting;

/// <summary>The local blob trigger's scans of the incoming container.</summary>
[TestClass]
public sealed class IncomingWatcherTests
{
    [TestMethod]
    [DataRow(0.05, 2.0, DisplayName = "a quick listing: the scan interval")]
    [DataRow(0.2, 2.0, DisplayName = "a listing of a tenth of the interval: still the interval")]
    [DataRow(1.5, 15.0, DisplayName = "a slow listing of a large container: ten times it")]
    public void The_next_scan_waits_the_interval_or_ten_times_the_last_listing_whichever_is_longer(double listingSeconds, double expectedSeconds)
    {
        var wait = IncomingWatcher.NextScanAfter(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(listingSeconds));

        Assert.AreEqual(expectedSeconds, wait.TotalSeconds, 1e-9);
    }

    [TestMethod]
    public void Blobs_are_shared_among_hosts_by_name_the_same_way_in_every_process()
    {
        var names = Enumerable.Range(0, 4000).Select(i => $"feed-{i % 7}/{i:x8}.json").ToList();

        var shares = names.GroupBy(n => IncomingWatcher.ShardOf(n, 4)).ToDictionary(g => g.Key, g => g.Count());

        CollectionAssert.AreEquivalent(new[] { 0, 1, 2, 3 }, shares.Keys.ToArray());
        Assert.IsTrue(shares.Values.All(n => n is > 850 and < 1150), "each host about a quarter: " + string.Join(", ", shares));

        // SHA-256 of the name, its first four bytes as a little-endian number: what any process computes.
        Assert.AreEqual(1, IncomingWatcher.ShardOf("shafaq/0a1b2c3d.json", 4));
        Assert.AreEqual(0, IncomingWatcher.ShardOf("asharq/ffee0011.json", 4));
    }
}
