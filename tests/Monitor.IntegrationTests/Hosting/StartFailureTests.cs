using System.Net;
using System.Net.Sockets;
using Monitor.IntegrationTests.Infrastructure;
using Monitor.Local.Azurite;

namespace Monitor.IntegrationTests.Hosting;

/// <summary>
/// The real executable, started as a new user starts it, where it cannot work: each ends within 15 s
/// with one line on standard error that says what to correct, and exit code 1.
/// </summary>
[TestClass]
public sealed class StartFailureTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    [TestMethod]
    public async Task A_wrong_storage_key_ends_the_host_within_15_s_in_one_line_naming_the_setting_and_the_address()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var connection = azurite.ConnectionString.Replace(DevelopmentStorage.AccountKey, wrongKey, StringComparison.Ordinal);

        var run = await RunHostAsync($"--Storage:ConnectionString={connection}");

        var line = AssertOneLineFailure(run);
        StringAssert.StartsWith(line, "monitor run: Storage:ConnectionString: ");
        StringAssert.Contains(line, "refused the account key (403 AuthorizationFailure)");
        StringAssert.Contains(line, $"http://127.0.0.1:{azurite.Ports.Blob}/");
    }

    [TestMethod]
    public async Task A_storage_address_nobody_listens_on_ends_the_host_within_15_s_in_one_line_naming_the_setting_and_the_address()
    {
        // Not the development account, so the host does not start an Azurite there itself.
        var (blob, queue, table) = (HostProcess.FreePort(), HostProcess.FreePort(), HostProcess.FreePort());
        var connection = $"DefaultEndpointsProtocol=http;AccountName=monitortest;AccountKey={Convert.ToBase64String(new byte[64])};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/monitortest;QueueEndpoint=http://127.0.0.1:{queue}/monitortest;TableEndpoint=http://127.0.0.1:{table}/monitortest;";

        var run = await RunHostAsync($"--Storage:ConnectionString={connection}");

        var line = AssertOneLineFailure(run);
        Assert.AreEqual($"monitor run: Storage:ConnectionString: nothing listens at http://127.0.0.1:{blob}/monitortest (connection refused)", line);
    }

    [TestMethod]
    public async Task A_port_in_use_ends_the_host_within_15_s_in_one_line_naming_the_port_option()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await RunHostAsync("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var line = AssertOneLineFailure(run);
        Assert.AreEqual($"monitor run: port {port} is in use by another program (--port); stop it or choose another port with --port N.", line);
    }

    private static Task<CommandRun> RunHostAsync(params string[] arguments) =>
        MonitorCommand.RunAsync(["run", .. arguments], new Dictionary<string, string>(), TimeSpan.FromSeconds(60));

    private static string AssertOneLineFailure(CommandRun run)
    {
        Assert.AreEqual(1, run.ExitCode, run.ToString());
        Assert.IsLessThan(Within, run.Elapsed, run.ToString());
        Assert.HasCount(1, run.ErrorLines, run.ToString());
        Assert.DoesNotContain("   at ", run.Output + run.Errors, "no stack trace: " + run);
        Assert.DoesNotContain("Exception", run.Output + run.Errors, "no exception's name: " + run);
        return run.ErrorLines[0];
    }
}
