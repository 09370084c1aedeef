using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Hosting;

[TestClass]
public sealed class LocalHostTests
{
    [TestMethod]
    public async Task Failing_feeds_are_reported_with_their_reason_in_sources_and_the_other_feeds_are_still_polled_and_processed()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var server = await FeedServer.StartAsync();
        server.MapFeed("/good.xml", SampleFeeds.Rss(SampleFeeds.TransferItems(2, "good")));
        server.Map("/malformed.xml", context => Write(context, "application/rss+xml", "<rss version=\"2.0\"><channel><title>Broken<item></channel>"));
        server.Map("/page.html", context => Write(context, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>Shafaq News</title></head><body><h1>Home</h1></body></html>"));
        server.Map("/error.xml", context =>
        {
            context.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        server.Map("/loop.xml", context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "/loop.xml";
            return Task.CompletedTask;
        });
        server.Map("/metadata.xml", context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
            return Task.CompletedTask;
        });
        server.Map("/huge.xml", context => Write(context, "application/rss+xml", "<rss version=\"2.0\"><channel>" + new string(' ', 400_000) + "</channel></rss>"));
        server.Map("/silent.xml", async context => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        server.Map("/wall.xml", context =>
        {
            context.Response.StatusCode = 403;
            return Write(context, "text/html; charset=UTF-8", "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id=\"challenge-platform\">Checking your browser before accessing the site. cf-chl</div></body></html>");
        });

        string[] failing = ["malformed", "page", "error", "loop", "metadata", "huge", "silent", "wall"];
        var sources = failing.Select(id => TestPipeline.Source(id, server.UrlOf(id + (id == "page" ? ".html" : ".xml"))))
            .Append(TestPipeline.Source("good", server.UrlOf("good.xml")))
            .ToList();
        await using var host = await InProcessHost.StartAsync(azurite, sources);

        JsonElement statuses = default;
        await Eventually.TrueAsync(async () =>
        {
            statuses = JsonDocument.Parse(await host.Client.GetStringAsync("/api/sources")).RootElement.GetProperty("sources");
            return statuses.EnumerateArray().All(s => s.GetProperty("status").GetString() != "never_polled");
        }, TimeSpan.FromSeconds(30), "every feed polled once");

        string ReasonOf(string id) => statuses.EnumerateArray().Single(s => s.GetProperty("id").GetString() == id).GetProperty("lastFailureReason").GetString() ?? "";
        string StatusOf(string id) => statuses.EnumerateArray().Single(s => s.GetProperty("id").GetString() == id).GetProperty("status").GetString() ?? "";
        foreach (var id in failing)
        {
            Assert.AreEqual("failing", StatusOf(id), id);
        }

        Assert.AreEqual("malformed_feed", ReasonOf("malformed"));
        Assert.AreEqual("not_a_feed", ReasonOf("page"));
        Assert.AreEqual("http_error", ReasonOf("error"));
        Assert.AreEqual("redirect_loop", ReasonOf("loop"));
        Assert.AreEqual("blocked_address", ReasonOf("metadata"));
        Assert.AreEqual("too_large", ReasonOf("huge"));
        Assert.AreEqual("timeout", ReasonOf("silent"));
        Assert.AreEqual("bot_wall", ReasonOf("wall"));
        Assert.AreEqual("ok", StatusOf("good"));

        await Eventually.TrueAsync(async () =>
        {
            var digest = JsonDocument.Parse(await host.Client.GetStringAsync("/api/digest?topic=detainee-transfers&since=3650d")).RootElement;
            return digest.GetProperty("developments").EnumerateArray().SelectMany(d => d.GetProperty("articles").EnumerateArray()).Count() == 2;
        }, TimeSpan.FromSeconds(30), "the good feed's two items reach the digest");
    }

    [TestMethod]
    [DataRow("since=yesterday", "since")]
    [DataRow("since=7d&until=30d", "until")]
    [DataRow("until=0001-01-01", "out of range")]
    [DataRow("topic=football", "topic")]
    [DataRow("format=pdf", "format")]
    [DataRow("colour=red", "colour")]
    public async Task Digest_answers_400_that_names_what_is_wrong(string query, string named)
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], new Dictionary<string, string?> { ["LocalHost:PollEnabled"] = "false" });
        var withTopic = query.StartsWith("topic=", StringComparison.Ordinal) ? query : "topic=detainee-transfers&" + query;

        var response = await host.Client.GetAsync("/api/digest?" + withTopic);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        StringAssert.Contains(body, named);
    }

    [TestMethod]
    public async Task Digest_and_sources_answer_503_in_JSON_with_Retry_After_while_storage_is_down()
    {
        var azurite = await TestAzurite.StartAsync();
        var stopped = false;
        try
        {
            await using var host = await InProcessHost.StartAsync(azurite, [], new Dictionary<string, string?> { ["LocalHost:PollEnabled"] = "false", ["LocalHost:DeliveryEnabled"] = "false" });
            Assert.AreEqual(HttpStatusCode.OK, (await host.Client.GetAsync("/api/sources")).StatusCode);

            await azurite.DisposeAsync();
            stopped = true;

            foreach (var path in new[] { "/api/digest?topic=detainee-transfers&since=7d", "/api/sources" })
            {
                var response = await host.Client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode, path + ": " + body);
                Assert.AreEqual(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta, path);
                Assert.AreEqual("storage unreachable", JsonDocument.Parse(body).RootElement.GetProperty("errors")[0].GetString(), path);
            }
        }
        finally
        {
            if (!stopped)
            {
                await azurite.DisposeAsync();
            }
        }
    }

    [TestMethod]
    public async Task Health_is_200_when_storage_answers()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], new Dictionary<string, string?> { ["LocalHost:PollEnabled"] = "false" });

        var response = await host.Client.GetAsync("/api/health");

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "healthy");
    }

    private static Task Write(HttpContext context, string contentType, string body)
    {
        context.Response.ContentType = contentType;
        return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body)).AsTask();
    }
}
