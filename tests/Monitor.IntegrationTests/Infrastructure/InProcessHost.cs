using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Feeds;
using Monitor.Local.Hosting;

namespace Monitor.IntegrationTests.Infrastructure;

/// <summary>The local host, built exactly as <c>monitor run</c> builds it, running inside the test on a free port.</summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private InProcessHost(WebApplication app, HttpClient client)
    {
        this.app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<InProcessHost> StartAsync(TestAzurite azurite, IReadOnlyList<FeedSource> sources, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Feeds:Timeout"] = "00:00:03",
            ["Feeds:MaxBodyBytes"] = "262144",

            // The test's outlets listen on 127.0.0.1; production refuses loopback.
            ["Feeds:AllowLoopback"] = "true",
            ["LocalHost:IncomingScanInterval"] = "00:00:00.500",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        // A port chosen here rather than by the system: links in emails must name it.
        var app = LocalHost.Build(new LocalHostSettings { Url = $"http://127.0.0.1:{HostProcess.FreePort()}", Overrides = overrides, Sources = sources, ConfigureServices = configureServices });
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        return new InProcessHost(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
