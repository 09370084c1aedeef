using Microsoft.Extensions.FileProviders;
using Monitor.Core.Feeds;

namespace Monitor.Local.Hosting;

/// <summary>
/// Sample feeds made from the seed articles, served on a loopback port as a real outlet would serve
/// them (ETag, Last-Modified, 304), and the sources list that points at them.
/// </summary>
public sealed class DemoFeeds : IAsyncDisposable
{
    private readonly WebApplication server;

    private DemoFeeds(WebApplication server, int port, IReadOnlyList<FeedSource> sources)
    {
        this.server = server;
        Port = port;
        Sources = sources;
    }

    public int Port { get; }

    /// <summary>The demo's sources, with addresses on this server.</summary>
    public IReadOnlyList<FeedSource> Sources { get; }

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "demo");

    public static async Task<DemoFeeds> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var feeds = new PhysicalFileProvider(Path.Combine(Folder, "feeds"));
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = feeds,
            RequestPath = "/feeds",
            ServeUnknownFileTypes = false,
            // No charset on purpose: each file's XML declaration says how it is encoded.
            ContentTypeProvider = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider(
                new Dictionary<string, string> { [".xml"] = "application/xml" }),
        });
        await app.StartAsync(ct).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var template = await File.ReadAllTextAsync(Path.Combine(Folder, "sources.json"), ct).ConfigureAwait(false);
        var json = template.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return new DemoFeeds(app, port, SourceCatalog.Parse(json, "demo/sources.json"));
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync().ConfigureAwait(false);
        await server.DisposeAsync().ConfigureAwait(false);
    }
}
