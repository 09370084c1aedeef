using System.Globalization;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitor.Benchmarks;

/// <summary>
/// Kestrel on 127.0.0.1 serving many small RSS feeds at <c>/feeds/{n}.xml</c>, each with an ETag and
/// a 304 answer to a matching If-None-Match; it counts the requests and the 304s it gave.
/// </summary>
internal sealed class LoopbackFeedServer : IAsyncDisposable
{
    public const int ItemsPerFeed = 5;

    private static readonly DateTimeOffset LastModified = new(2026, 2, 9, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, (byte[] Body, string ETag)> feeds;
    private WebApplication? app;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> polled = new(StringComparer.Ordinal);
    private int requests;
    private int notModified;

    private LoopbackFeedServer(Dictionary<string, (byte[] Body, string ETag)> feeds) => this.feeds = feeds;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Requests received since the last <see cref="ResetCounts"/>.</summary>
    public int Requests => Volatile.Read(ref requests);

    /// <summary>Distinct feeds requested since the last <see cref="ResetCounts"/>.</summary>
    public int FeedsPolled => polled.Count;

    /// <summary>304 answers given since the last <see cref="ResetCounts"/>.</summary>
    public int NotModified => Volatile.Read(ref notModified);

    public static async Task<LoopbackFeedServer> StartAsync(int feedCount, CancellationToken ct)
    {
        var feeds = new Dictionary<string, (byte[] Body, string ETag)>(StringComparer.Ordinal);
        for (var n = 0; n < feedCount; n++)
        {
            var body = Rss(n);
            feeds[PathOf(n)] = (body, $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"");
        }

        var server = new LoopbackFeedServer(feeds);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(server.AnswerAsync);
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address + "/");
        server.app = app;
        return server;
    }

    public static string PathOf(int n) => string.Create(CultureInfo.InvariantCulture, $"/feeds/{n}.xml");

    public Uri UrlOf(int n) => new(BaseAddress, PathOf(n).TrimStart('/'));

    public void ResetCounts()
    {
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref notModified, 0);
        polled.Clear();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref requests);
        polled.AddOrUpdate(context.Request.Path.Value ?? "/", 1, (_, n) => n + 1);
        if (!feeds.TryGetValue(context.Request.Path.Value ?? "/", out var feed))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.Headers.ETag = feed.ETag;
        context.Response.Headers.LastModified = LastModified.ToString("R", CultureInfo.InvariantCulture);
        if (context.Request.Headers.IfNoneMatch.Contains(feed.ETag))
        {
            Interlocked.Increment(ref notModified);
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = "application/rss+xml; charset=utf-8";
        await context.Response.Body.WriteAsync(feed.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Feed <paramref name="n"/>: RSS 2.0 with <see cref="ItemsPerFeed"/> distinct short items.</summary>
    private static byte[] Rss(int n)
    {
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>");
        xml.Append(CultureInfo.InvariantCulture, $"<title>Bench outlet {n}</title><link>https://outlet{n}.example/</link><description>Bench feed {n}</description>");
        for (var i = 1; i <= ItemsPerFeed; i++)
        {
            var link = $"https://outlet{n}.example/news/{i}";
            var published = new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero).AddHours(i);
            xml.Append("<item>");
            xml.Append(CultureInfo.InvariantCulture, $"<title>Iraq receives batch {i} of ISIS detainees transferred from Hasakah (outlet {n})</title>");
            xml.Append(CultureInfo.InvariantCulture, $"<link>{link}</link><guid isPermaLink=\"true\">{link}</guid>");
            xml.Append(CultureInfo.InvariantCulture, $"<pubDate>{published.ToString("r", CultureInfo.InvariantCulture)}</pubDate>");
            xml.Append(CultureInfo.InvariantCulture, $"<description>{SecurityElement.Escape($"<p>The U.S. military said it transferred {100 + i} ISIS detainees from Hasakah, Syria, to Iraqi custody.</p>")}</description>");
            xml.Append("</item>");
        }

        xml.Append("</channel></rss>");
        return Encoding.UTF8.GetBytes(xml.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
