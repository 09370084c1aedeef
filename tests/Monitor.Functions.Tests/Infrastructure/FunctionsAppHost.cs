using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.Functions.Tests.Infrastructure;

/// <summary>
/// The Functions app's host, built by <see cref="FunctionsApp.CreateBuilder"/> as <c>Program.cs</c>
/// builds it, on a test's settings. It is not started (there is no Functions host to connect to):
/// each invocation is what the worker does for one, a scope, the function's class made by the
/// worker's <see cref="IFunctionActivator"/>, and the call with the trigger's data.
/// </summary>
public sealed class FunctionsAppHost : IAsyncDisposable
{
    /// <summary>
    /// The next message of a queue as the runtime's polling gets it: a message sent invisible (a
    /// grouping turn gathers the articles of a second) is waited for, up to ten seconds.
    /// </summary>
    public static async Task<Azure.Storage.Queues.Models.QueueMessage[]> ReceiveWhenVisibleAsync(Azure.Storage.Queues.QueueClient queue, int maxMessages = 32)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            Azure.Storage.Queues.Models.QueueMessage[] messages = await queue.ReceiveMessagesAsync(maxMessages, TimeSpan.FromMinutes(1));
            if (messages.Length > 0 || DateTimeOffset.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(200);
        }
    }

    private readonly IHost host;

    private FunctionsAppHost(IHost host) => this.host = host;

    public IHost Host => host;

    public IServiceProvider Services => host.Services;

    public MonitorStorage Storage => Services.GetRequiredService<MonitorStorage>();

    /// <summary>
    /// The app built with these settings (as app settings or local.settings.json give them), and the
    /// worker settings the Functions host gives the process it starts (where to reach the host: a
    /// port nothing listens on, since no invocation goes through it).
    /// </summary>
    public static FunctionsAppHost Build(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        var builder = FunctionsApp.CreateBuilder([]);
        configureServices?.Invoke(builder.Services);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Functions:Worker:HostEndpoint"] = $"http://127.0.0.1:{HostProcess.FreePort()}",
            ["Functions:Worker:WorkerId"] = Guid.NewGuid().ToString(),
            ["Functions:Worker:RequestId"] = Guid.NewGuid().ToString(),
            ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        return new FunctionsAppHost(builder.Build());
    }

    /// <summary>The app with the sample settings, on a test's Azurite, polling the given feeds; <paramref name="settings"/> win.</summary>
    public static FunctionsAppHost Build(TestAzurite azurite, IReadOnlyList<FeedSource> sources, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var values = SampleSettings();
        values["AzureWebJobsStorage"] = azurite.ConnectionString;
        values["Storage:ConnectionString"] = azurite.ConnectionString;
        values["Feeds:SourcesPath"] = WriteSourcesFile(sources);
        values["Feeds:Timeout"] = "00:00:03";

        // The test's feeds and webhook receivers are on loopback, which the product refuses by default.
        values["Feeds:AllowLoopback"] = "true";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return Build(values, configureServices);
    }

    /// <summary>
    /// The <c>Values</c> of <c>local.settings.sample.json</c> as the app's configuration reads them
    /// (Core Tools makes them environment variables, where <c>__</c> separates sections), and the
    /// environment Core Tools names (Development; Azure leaves it at Production).
    /// </summary>
    public static Dictionary<string, string?> SampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString(), StringComparer.OrdinalIgnoreCase);
        values.TryAdd(Monitor.Core.Delivery.TokenKeyRequirement.FunctionsEnvironmentSetting, "Development");
        return values;
    }

    /// <summary>Runs one invocation of <typeparamref name="TFunction"/>'s method <paramref name="method"/>, as the worker would.</summary>
    public async Task<TResult> InvokeAsync<TFunction, TResult>(string method, Func<TFunction, FunctionContext, Task<TResult>> call, IReadOnlyDictionary<string, object?>? bindingData = null)
        where TFunction : class
    {
        var function = typeof(TFunction).GetMethod(method) ?? throw new ArgumentException($"{typeof(TFunction).Name} has no method {method}", nameof(method));
        await using var scope = Services.CreateAsyncScope();
        var context = new TestFunctionContext(scope.ServiceProvider, function, bindingData ?? new Dictionary<string, object?>(), CancellationToken.None);
        var instance = (TFunction)Services.GetRequiredService<IFunctionActivator>().CreateInstance(typeof(TFunction), context)!;
        return await call(instance, context);
    }

    /// <inheritdoc cref="InvokeAsync{TFunction, TResult}"/>
    public Task InvokeAsync<TFunction>(string method, Func<TFunction, FunctionContext, Task> call, IReadOnlyDictionary<string, object?>? bindingData = null)
        where TFunction : class =>
        InvokeAsync<TFunction, bool>(method, async (f, c) =>
        {
            await call(f, c);
            return true;
        }, bindingData);

    /// <summary>
    /// Runs an HTTP function on a real <see cref="DefaultHttpContext"/> holding <paramref name="request"/>,
    /// then executes its <see cref="IActionResult"/> as the worker's ASP.NET Core integration does
    /// (the invocation's services as the request's services), and returns the response.
    /// </summary>
    public Task<HttpAnswer> InvokeHttpAsync<TFunction>(string method, HttpRequestMessage request, Func<TFunction, HttpRequest, Task<IActionResult>> call)
        where TFunction : class =>
        InvokeAsync<TFunction, HttpAnswer>(method, async (function, context) =>
        {
            var http = new DefaultHttpContext { RequestServices = context.InstanceServices };
            await CopyRequestAsync(request, http.Request);
            var body = new MemoryStream();
            http.Response.Body = body;
            var result = await call(function, http.Request);
            await result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
            return HttpAnswer.Of(http.Response, body.ToArray());
        });

    /// <summary>
    /// A request as it reaches the app in Azure: through the Functions host's key check (see
    /// <see cref="RuntimeKeys"/>), then to the function when the host lets it through.
    /// </summary>
    public async Task<HttpAnswer> RequestThroughHostAsync<TFunction>(RuntimeKeys keys, string method, HttpRequestMessage request, Func<TFunction, HttpRequest, Task<IActionResult>> call)
        where TFunction : class =>
        keys.Admits(TestFunctionContext.NameOf(typeof(TFunction).GetMethod(method)!), request)
            ? await InvokeHttpAsync(method, request, call)
            : RuntimeKeys.Refused;

    public async ValueTask DisposeAsync()
    {
        if (host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }

    private static async Task CopyRequestAsync(HttpRequestMessage from, HttpRequest to)
    {
        var uri = from.RequestUri ?? throw new ArgumentException("The request needs an absolute address", nameof(from));
        to.Method = from.Method.Method;
        to.Scheme = uri.Scheme;
        to.Host = new HostString(uri.Authority);
        to.Path = "/" + Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        to.QueryString = new QueryString(uri.Query);
        foreach (var (name, values) in from.Headers)
        {
            to.Headers[name] = values.ToArray();
        }

        if (from.Content is { } content)
        {
            foreach (var (name, values) in content.Headers)
            {
                to.Headers[name] = values.ToArray();
            }

            var bytes = await content.ReadAsByteArrayAsync();
            to.Body = new MemoryStream(bytes);
            to.ContentLength = bytes.Length;
        }
    }

    private static string WriteSourcesFile(IReadOnlyList<FeedSource> sources)
    {
        var path = Path.Combine(Path.GetTempPath(), $"monitor-functions-sources-{Guid.NewGuid():N}.json");
        var file = new
        {
            sources = sources.Select(s => new { s.Id, s.Name, url = s.Url.AbsoluteUri, s.Language, s.Outlet, s.Enabled, s.PollIntervalMinutes, s.FetchPages }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(file, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        return path;
    }
}
