using System.Diagnostics;
using Microsoft.AspNetCore.Routing;
using Monitor.Functions.Tests.Infrastructure;
using Monitor.IntegrationTests.Infrastructure;
using Monitor.Local.Hosting;

namespace Monitor.Functions.Tests;

/// <summary>
/// The bindings as Azure reads them: the <c>functions.metadata</c> the Worker SDK's build writes
/// beside the app, which the Functions host reads to create the triggers and routes.
/// </summary>
[TestClass]
public sealed class FunctionsMetadataTests
{
    /// <summary>Each function's trigger: name | type | route | methods | authorization | schedule | queue | blob path | blob source | connection.</summary>
    private static readonly string[] Expected =
    [
        "ChangeSubscription | httpTrigger | subscriptions/{id} | patch | Anonymous | | | | |",
        "ConfirmSubscription | httpTrigger | subscriptions/{id}/confirm | get | Anonymous | | | | |",
        "CreateSubscription | httpTrigger | subscriptions | post | Function | | | | |",
        "DeleteSubscription | httpTrigger | subscriptions/{id} | delete | Anonymous | | | | |",
        "DeliverDigests | timerTrigger | | | | %DeliverySchedule% | | | |",
        "Digest | httpTrigger | digest | get | Function | | | | |",
        "GroupDevelopments | queueTrigger | | | | | topicturns | | | AzureWebJobsStorage",
        "Health | httpTrigger | health | get | Anonymous | | | | |",
        "PollFeed | queueTrigger | | | | | feedpolls | | | AzureWebJobsStorage",
        "PollFeeds | timerTrigger | | | | %PollSchedule% | | | |",
        "ProcessIncoming | blobTrigger | | | | | | incoming/{name} | EventGrid | AzureWebJobsStorage",
        "ReadSubscription | httpTrigger | subscriptions/{id} | get | Anonymous | | | | |",
        "Schema | httpTrigger | schema | get | Anonymous | | | | |",
        "Sources | httpTrigger | sources | get | Function | | | | |",
        "Unsubscribe | httpTrigger | subscriptions/{id}/unsubscribe | post | Anonymous | | | | |",
        "UnsubscribePage | httpTrigger | subscriptions/{id}/unsubscribe | get | Anonymous | | | | |",
    ];

    [TestMethod]
    public void The_built_metadata_declares_each_function_with_its_trigger_route_methods_level_schedule_queue_and_blob()
    {
        CollectionAssert.AreEqual(Expected, Describe(FunctionsMetadata.Built), string.Join('\n', Describe(FunctionsMetadata.Built)));
    }

    [TestMethod]
    public void Every_function_the_metadata_names_is_a_method_of_the_app_and_every_function_method_is_named()
    {
        var methods = FunctionWiringTests.Functions.ToDictionary(TestFunctionContext.NameOf, m => $"{m.DeclaringType!.FullName}.{m.Name}");

        CollectionAssert.AreEquivalent(methods, FunctionsMetadata.Built.ToDictionary(t => t.Function, t => t.EntryPoint));
    }

    [TestMethod]
    public void No_two_functions_share_a_route_and_method()
    {
        var routes = FunctionsMetadata.Built.Where(t => t.Route is not null)
            .SelectMany(t => t.Methods.Select(m => $"{m.ToUpperInvariant()} {t.Route}"))
            .ToList();

        Assert.HasCount(11, routes);
        CollectionAssert.AllItemsAreUnique(routes);
    }

    [TestMethod]
    public async Task Every_HTTP_function_is_served_by_the_local_host_on_the_same_route_and_method()
    {
        await using var local = LocalHost.Build(new LocalHostSettings { Url = "http://127.0.0.1:0" });
        var served = ((IEndpointRouteBuilder)local).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();
        var functions = FunctionsMetadata.Built.Where(t => t.Route is not null)
            .SelectMany(t => t.Methods.Select(m => $"{m.ToUpperInvariant()} /api/{t.Route}"))
            .ToHashSet();

        CollectionAssert.AreEquivalent(served.Order().ToArray(), functions.Order().ToArray());
    }

    [TestMethod]
    public async Task Built_with_LogsAndContainerScan_the_blob_trigger_polls_the_container_and_nothing_else_changes()
    {
        var output = Path.Combine(Path.GetTempPath(), $"monitor-functions-polling-{Guid.NewGuid():N}");
        try
        {
            await BuildAsync(output, "-p:BlobTriggerSource=LogsAndContainerScan");

            var polling = Describe(FunctionsMetadata.Read(Path.Combine(output, "functions.metadata")));
            CollectionAssert.AreEqual(Expected.Select(e => e.Replace("| EventGrid |", "| LogsAndContainerScan |", StringComparison.Ordinal)).ToArray(), polling, string.Join('\n', polling));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static string[] Describe(IEnumerable<FunctionTrigger> triggers) =>
        [.. triggers.OrderBy(t => t.Function, StringComparer.Ordinal).Select(t => string.Join(" | ",
            t.Function, t.Type, t.Route, string.Join(",", t.Methods), t.AuthLevel, t.Schedule, t.QueueName, t.Path, t.Source, t.Connection).Replace("  ", " ", StringComparison.Ordinal).TrimEnd())];

    /// <summary><c>dotnet build</c> of the app, as a developer runs it, into <paramref name="output"/>.</summary>
    private static async Task BuildAsync(string output, params string[] properties)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        foreach (var argument in (string[])["build", Repository.PathOf("functions", "Monitor.Functions", "Monitor.Functions.csproj"), "-c", FunctionsMetadata.Configuration, "-o", output, "-nologo", "-v", "quiet", "-nodeReuse:false", .. properties])
        {
            start.ArgumentList.Add(argument);
        }

        using var build = Process.Start(start)!;
        var stdout = build.StandardOutput.ReadToEndAsync();
        var stderr = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        Assert.AreEqual(0, build.ExitCode, $"dotnet build failed:\n{await stdout}\n{await stderr}");
    }

    [TestMethod]
    public void The_README_lists_every_function_and_the_Functions_package_versions_the_app_is_built_with()
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        var section = readme[readme.IndexOf("## Run with Core Tools", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        foreach (var function in Expected.Select(e => e.Split(" | ")[0]))
        {
            StringAssert.Contains(section, $"`{function}`", $"the README's Core Tools section does not list {function}");
        }

        var packages = System.Xml.Linq.XDocument.Load(Repository.PathOf("Directory.Packages.props")).Descendants("PackageVersion")
            .Select(p => (Name: (string)p.Attribute("Include")!, Version: (string)p.Attribute("Version")!))
            .Where(p => p.Name.StartsWith("Microsoft.Azure.Functions.Worker", StringComparison.Ordinal))
            .ToList();
        Assert.IsNotEmpty(packages);
        foreach (var (name, version) in packages)
        {
            StringAssert.Contains(section, $"| `{name}` | {version} |", $"the README's Core Tools section does not give {name} {version}");
        }
    }
}
