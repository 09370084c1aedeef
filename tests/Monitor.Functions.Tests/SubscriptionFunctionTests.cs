using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Core.Delivery;
using Monitor.Functions.Tests.Infrastructure;

namespace Monitor.Functions.Tests;

/// <summary>
/// The subscription routes, as the Functions host would pass them on: creating needs a function key
/// (the host refuses a request without one before the code runs); reading, changing and deleting are
/// anonymous to the host and the code asks for the manage token; the confirm and unsubscribe links
/// carry their own signed token.
/// </summary>
[TestClass]
public sealed class SubscriptionFunctionTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string Body = JsonSerializer.Serialize(new { webhookUrl = "http://127.0.0.1:9/hook", schedule = "hourly", topics = new[] { "detainee-transfers" } });

    [TestMethod]
    public async Task Subscription_routes_answer_as_the_local_host_does_and_only_creating_needs_a_function_key()
    {
        await using var hosts = await TwinHosts.StartAsync([], new Dictionary<string, string?> { ["Webhooks:AllowLoopback"] = "true" });
        var keys = new RuntimeKeys("a-function-key");
        await hosts.App.Storage.EnsureCreatedAsync(None);

        // No key: the host answers 401 and the function never runs.
        var refused = await hosts.App.RequestThroughHostAsync<Subscriptions>(keys, nameof(Subscriptions.Create), hosts.Request(HttpMethod.Post, "/api/subscriptions", Body)(), (f, r) => f.Create(r, None));
        Assert.AreEqual(401, refused.Status);
        Assert.AreEqual(0, await CountAsync(hosts), "nothing stored");

        // With the key (query or header) the function creates it, as the local host does with no key at all.
        var created = await hosts.App.RequestThroughHostAsync<Subscriptions>(keys, nameof(Subscriptions.Create), hosts.Request(HttpMethod.Post, "/api/subscriptions?code=a-function-key", Body)(), (f, r) => f.Create(r, None));
        var viaHeader = await hosts.App.RequestThroughHostAsync<Subscriptions>(keys, nameof(Subscriptions.Create), hosts.Request(HttpMethod.Post, "/api/subscriptions", Body, m => m.Headers.Add("x-functions-key", keys.FunctionKey))(), (f, r) => f.Create(r, None));
        using var toLocal = hosts.Request(HttpMethod.Post, "/api/subscriptions", Body)();
        var local = await HttpAnswer.OfAsync(await hosts.Local.Client.SendAsync(toLocal));
        Assert.AreEqual(201, created.Status, created.Text);
        Assert.AreEqual(201, viaHeader.Status, viaHeader.Text);
        AssertSameShape(local, created);
        Assert.AreEqual(3, await CountAsync(hosts));

        var id = Json(created).GetProperty("id").GetString()!;
        var manage = Json(created).GetProperty("manageToken").GetString()!;
        Action<HttpRequestMessage> bearer = m => m.Headers.Authorization = new AuthenticationHeaderValue("Bearer", manage);
        var subscription = $"/api/subscriptions/{id}";

        var read = await hosts.AssertSameAsync<Subscriptions>(nameof(Subscriptions.Read), hosts.Request(HttpMethod.Get, subscription, configure: bearer), (f, r) => f.Read(r, id, None));
        Assert.AreEqual(200, read.Status);

        // A function key is no manage token: the code answers as if there were no such subscription.
        var noToken = await hosts.AssertSameAsync<Subscriptions>(nameof(Subscriptions.Read), hosts.Request(HttpMethod.Get, subscription + "?code=a-function-key"), (f, r) => f.Read(r, id, None));
        Assert.AreEqual(404, noToken.Status);

        var changed = await hosts.AssertSameAsync<Subscriptions>(nameof(Subscriptions.Change), hosts.Request(HttpMethod.Patch, subscription, """{"minScore":0.5}""", bearer), (f, r) => f.Change(r, id, None));
        Assert.AreEqual(0.5, Json(changed).GetProperty("minScore").GetDouble());

        var badConfirm = await hosts.AssertSameAsync<Subscriptions>(nameof(Subscriptions.Confirm), hosts.Request(HttpMethod.Get, subscription + "/confirm?token=forged"), (f, r) => f.Confirm(r, id, None));
        Assert.AreEqual(404, badConfirm.Status);

        var token = hosts.App.Services.GetRequiredService<SubscriptionTokens>().LinkToken(id, "unsubscribe");
        var unsubscribe = $"{subscription}/unsubscribe?token={Uri.EscapeDataString(token)}";
        var page = await hosts.AssertSameAsync<Subscriptions>(nameof(Subscriptions.UnsubscribePage), hosts.Request(HttpMethod.Get, unsubscribe), (f, r) => Task.FromResult(f.UnsubscribePage(r, id)));
        StringAssert.Contains(page.Text, "<button type=\"submit\">Unsubscribe</button>");
        var done = await hosts.AssertSameAsync<Subscriptions>(nameof(Subscriptions.Unsubscribe), hosts.Request(HttpMethod.Post, unsubscribe), (f, r) => f.Unsubscribe(r, id, None));
        Assert.AreEqual(200, done.Status);

        // Deleting: the function deletes its subscription, the local host the one it created; the same answer.
        var deleted = await hosts.App.InvokeHttpAsync<Subscriptions>(nameof(Subscriptions.Delete), hosts.Request(HttpMethod.Delete, subscription, configure: bearer)(), (f, r) => f.Delete(r, id, None));
        var localId = Json(local).GetProperty("id").GetString()!;
        using var deleteLocal = hosts.Request(HttpMethod.Delete, $"/api/subscriptions/{localId}", configure: m => m.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Json(local).GetProperty("manageToken").GetString()))();
        var localDeleted = await HttpAnswer.OfAsync(await hosts.Local.Client.SendAsync(deleteLocal));
        Assert.AreEqual(localDeleted.Status, deleted.Status);
        Assert.AreEqual(localDeleted.DescribeHeaders(), deleted.DescribeHeaders());
        CollectionAssert.AreEqual(localDeleted.Body, deleted.Body);
        Assert.AreEqual(204, deleted.Status);
        Assert.AreEqual(1, await CountAsync(hosts));
    }

    /// <summary>Two answers that create different subscriptions: the same status, header names and JSON fields.</summary>
    private static void AssertSameShape(HttpAnswer expected, HttpAnswer actual)
    {
        Assert.AreEqual(expected.Status, actual.Status);
        CollectionAssert.AreEqual(expected.Headers.Keys.Order().ToArray(), actual.Headers.Keys.Order().ToArray());
        Assert.AreEqual(expected.Header("Content-Type"), actual.Header("Content-Type"));
        CollectionAssert.AreEqual(
            Json(expected).EnumerateObject().Select(p => p.Name).ToArray(),
            Json(actual).EnumerateObject().Select(p => p.Name).ToArray());
    }

    private static JsonElement Json(HttpAnswer answer) => JsonDocument.Parse(answer.Text).RootElement;

    private static async Task<int> CountAsync(TwinHosts hosts)
    {
        var count = 0;
        await foreach (var _ in hosts.App.Storage.Subscriptions.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }
}
