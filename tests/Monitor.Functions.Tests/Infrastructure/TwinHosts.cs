using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Monitor.Core.Feeds;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.Functions.Tests.Infrastructure;

/// <summary>
/// The Functions app and the local host on one Azurite, with the same feeds and settings, so that a
/// test sends the same request to both and compares the answers. The local host's loops are off:
/// only the test writes.
/// </summary>
public sealed class TwinHosts : IAsyncDisposable
{
    private TwinHosts(TestAzurite azurite, FunctionsAppHost app, InProcessHost local)
    {
        Azurite = azurite;
        App = app;
        Local = local;
    }

    public TestAzurite Azurite { get; }

    public FunctionsAppHost App { get; }

    public InProcessHost Local { get; }

    public static async Task<TwinHosts> StartAsync(IReadOnlyList<FeedSource> sources, IDictionary<string, string?>? settings = null)
    {
        var azurite = await TestAzurite.StartAsync();
        var shared = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["LocalHost:PollEnabled"] = "false",
            ["LocalHost:DeliveryEnabled"] = "false",
        };
        var local = await InProcessHost.StartAsync(azurite, sources, shared);

        // Links in answers name the address the request came to: the local host's, for both.
        shared["Delivery:PublicBaseUrl"] = local.Client.BaseAddress!.AbsoluteUri;
        var app = FunctionsAppHost.Build(azurite, sources, shared);
        return new TwinHosts(azurite, app, local);
    }

    /// <summary>A request to <paramref name="pathAndQuery"/> at the local host's address, made anew for each host.</summary>
    public Func<HttpRequestMessage> Request(HttpMethod method, string pathAndQuery, string? json = null, Action<HttpRequestMessage>? configure = null) => () =>
    {
        var request = new HttpRequestMessage(method, new Uri(Local.Client.BaseAddress!, pathAndQuery));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        return request;
    };

    /// <summary>
    /// Sends the request to the function and to the local host and asserts the same status, the same
    /// headers and the same body bytes (after <paramref name="normalize"/>, for what depends on the
    /// moment of the request); returns the function's answer.
    /// </summary>
    public async Task<HttpAnswer> AssertSameAsync<TFunction>(string method, Func<HttpRequestMessage> request, Func<TFunction, HttpRequest, Task<IActionResult>> call, Func<string, string>? normalize = null)
        where TFunction : class
    {
        using var toFunction = request();
        var function = await App.InvokeHttpAsync(method, toFunction, call);
        using var toLocal = request();
        var local = await HttpAnswer.OfAsync(await Local.Client.SendAsync(toLocal));

        var what = $"{toLocal.Method} {toLocal.RequestUri!.PathAndQuery} ({typeof(TFunction).Name}.{method})";
        Assert.AreEqual(local.Status, function.Status, $"{what}: status. Local body: {local.Text}");
        Assert.AreEqual(local.DescribeHeaders(), function.DescribeHeaders(), $"{what}: headers");
        if (normalize is null)
        {
            CollectionAssert.AreEqual(local.Body, function.Body, $"{what}: body bytes. Local: {local.Text}\nFunction: {function.Text}");
        }
        else
        {
            Assert.AreEqual(normalize(local.Text), normalize(function.Text), $"{what}: body");
        }

        return function;
    }

    /// <summary>Replaces the first match of <paramref name="pattern"/>: a time the answer was generated at.</summary>
    public static Func<string, string> WithoutFirst(string pattern) => text => new Regex(pattern).Replace(text, "(generated)", 1);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Local.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
