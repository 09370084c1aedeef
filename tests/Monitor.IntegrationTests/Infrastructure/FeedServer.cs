using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Monitor.IntegrationTests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 standing in for the outlets' sites: each path answers as the
/// test says, and every request is counted with the status it got.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Path, int Status)> log = new();
    private WebApplication? app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public static async Task<FeedServer> StartAsync()
    {
        var server = new FeedServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (server.routes.TryGetValue(path, out var handler))
            {
                await handler(context);
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            server.log.Enqueue((path, context.Response.StatusCode));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address + "/");
        server.app = app;
        return server;
    }

    public Uri UrlOf(string path) => new(BaseAddress, path.TrimStart('/'));

    public void Map(string path, Func<HttpContext, Task> handler) => routes[path] = handler;

    /// <summary>Serves a feed with an ETag and Last-Modified, answering 304 to a matching conditional request.</summary>
    public void MapFeed(string path, byte[] body, string contentType = "application/rss+xml; charset=utf-8", string? etag = null)
    {
        etag ??= $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body))[..16]}\"";
        var lastModified = new DateTimeOffset(2026, 2, 9, 12, 0, 0, TimeSpan.Zero);
        Map(path, async context =>
        {
            if (context.Request.Headers.IfNoneMatch.Contains(etag))
            {
                context.Response.StatusCode = 304;
                return;
            }

            context.Response.Headers.ETag = etag;
            context.Response.Headers.LastModified = lastModified.ToString("R");
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(body);
        });
    }

    /// <summary>Requests received so far, with the status each got.</summary>
    public IReadOnlyList<(string Path, int Status)> Requests => [.. log];

    public int RequestsTo(string path) => log.Count(r => r.Path == "/" + path.TrimStart('/'));

    public void ResetLog() => log.Clear();

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
