using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitor.Core;
using Monitor.Core.Articles;
using Monitor.Core.Delivery;
using Monitor.Core.Storage;
using Monitor.Local.Hosting;

namespace Monitor.Benchmarks;

/// <summary>What the delivery bench measured: for each article, from its blob landing in incoming/ to the webhook that carries it.</summary>
internal sealed record DeliveryBenchResult(int Articles, TimeSpan ScanInterval, IReadOnlyList<double> Milliseconds, int Webhooks)
{
    public double P50 => Stats.Percentile(Milliseconds, 50);

    public double P90 => Stats.Percentile(Milliseconds, 90);

    public double P99 => Stats.Percentile(Milliseconds, 99);

    public double Max => Milliseconds.Max();
}

/// <summary>
/// The local host as <c>monitor run</c> builds it (poll off), on an in-memory Azurite, with an
/// <c>immediate</c> webhook subscription to a receiver on loopback that checks every signature.
/// One article at a time, its incoming blob is written as the poll writes it, and the time until
/// the receiver holds a delivery that names it is taken: the blob trigger's local twin (a scan of
/// incoming/ every <c>LocalHost:IncomingScanInterval</c>), processing, the development, the
/// delivery run it wakes, the signed POST.
/// </summary>
internal static class DeliveryBenchmark
{
    private const string Source = "bench-wire";

    public static async Task<DeliveryBenchResult> RunAsync(string connectionString, int articles, TimeSpan scanInterval, CancellationToken ct)
    {
        var arrivals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var webhooks = 0;
        string? secret = null;
        var bad = 0;

        var receiverBuilder = WebApplication.CreateSlimBuilder();
        receiverBuilder.Logging.ClearProviders();
        receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = receiverBuilder.Build();
        receiver.MapPost("/hook", async (HttpContext context) =>
        {
            var now = Stopwatch.GetTimestamp();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            Interlocked.Increment(ref webhooks);
            if (secret is null || !WebhookSignature.Verify(secret, context.Request.Headers[WebhookSender.SignatureHeader].ToString(), body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))
            {
                Interlocked.Increment(ref bad);
                return Results.StatusCode(401);
            }

            using var json = JsonDocument.Parse(body);
            foreach (var development in json.RootElement.GetProperty("developments").EnumerateArray())
            {
                foreach (var article in development.GetProperty("articles").EnumerateArray())
                {
                    arrivals.TryAdd(article.GetProperty("id").GetString()!, now);
                }
            }

            return Results.Ok();
        });
        await receiver.StartAsync(ct).ConfigureAwait(false);
        var hook = new Uri(receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook");

        var port = FreePort();
        await using var host = LocalHost.Build(new LocalHostSettings
        {
            Url = $"http://127.0.0.1:{port}",
            Overrides = new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = connectionString,
                ["LocalHost:PollEnabled"] = "false",
                ["LocalHost:IncomingScanInterval"] = scanInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
                ["Webhooks:AllowLoopback"] = "true",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Delivery:TokenKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            },
            Sources = [BenchPipeline.Source(Source, new Uri("https://bench.example/wire.xml"), "en")],
        });
        await host.StartAsync(ct).ConfigureAwait(false);
        var subscriptions = host.Services.GetRequiredService<SubscriptionService>();
        var created = await subscriptions.CreateAsync(JsonSerializer.Serialize(new { webhookUrl = hook.AbsoluteUri, schedule = "immediate" }), ct).ConfigureAwait(false);
        secret = created.View?.WebhookSecret ?? throw new BenchFailedException($"the webhook subscription was refused: {string.Join("; ", created.Errors)}");
        var storage = host.Services.GetRequiredService<MonitorStorage>();

        var times = new List<double>(articles);
        var warmUp = 3;
        for (var i = -warmUp; i < articles; i++)
        {
            ct.ThrowIfCancellationRequested();
            var item = Item(i + warmUp);
            var started = Stopwatch.GetTimestamp();
            await storage.Incoming.GetBlobClient(item.BlobName).UploadAsync(
                BinaryData.FromObjectAsJson(item, MonitorJson.Options),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json; charset=utf-8" } },
                ct).ConfigureAwait(false);
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
            long arrived;
            while (!arrivals.TryGetValue(item.ArticleKey, out arrived))
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new BenchFailedException($"article {i + warmUp} did not reach the webhook within a minute.");
                }

                await Task.Delay(2, ct).ConfigureAwait(false);
            }

            if (i >= 0)
            {
                times.Add(Stopwatch.GetElapsedTime(started, arrived).TotalMilliseconds);
                if ((i + 1) % 10 == 0)
                {
                    Progress.Say($"  {i + 1} of {articles}: median so far {Stats.Median(times):0} ms");
                }
            }
        }

        await host.StopAsync(ct).ConfigureAwait(false);
        if (bad > 0)
        {
            throw new BenchFailedException($"{bad} webhook(s) had a bad signature.");
        }

        return new DeliveryBenchResult(articles, scanInterval, times, webhooks);
    }

    /// <summary>A relevant item of its own development: each states a different count of detainees.</summary>
    private static IncomingItem Item(int n) => new()
    {
        Source = Source,
        Id = $"https://bench.example/wire/{n}",
        Title = $"Iraq receives batch {n} of {300 + (n * 7)} ISIS detainees from Hasakah",
        Link = $"https://bench.example/wire/{n}",
        Published = DateTimeOffset.UtcNow,
        SummaryHtml = $"<p>BAGHDAD - Iraq received {300 + (n * 7)} Islamic State detainees transferred from prisons in Hasakah, north-east Syria, on flight number {n}, the security media cell said. The detainees were handed over by the SDF under the supervision of the US-led coalition.</p>",
        FetchedAt = DateTimeOffset.UtcNow,
        FeedLanguage = "en",
        Outlet = "Bench wire",
    };

    /// <summary>A TCP port nothing listens on now.</summary>
    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
