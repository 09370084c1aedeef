using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Monitor.Core.Api;
using Monitor.Core.Feeds;
using Monitor.Core.Storage;
using Monitor.IntegrationTests.Infrastructure;
using Monitor.Local.Hosting;

namespace Monitor.IntegrationTests.Hosting;

/// <summary>
/// The local host and the Functions app take their routes, schedule and storage names from the same
/// types of the library, so the two cannot drift.
/// </summary>
[TestClass]
public sealed partial class SharedDefinitionsTests
{
    private static string FunctionsSource(string file) => File.ReadAllText(Repository.PathOf("functions", "Monitor.Functions", file));

    [TestMethod]
    public async Task The_local_host_serves_exactly_the_routes_of_ApiRoutes()
    {
        await using var app = LocalHost.Build(new LocalHostSettings { Url = "http://127.0.0.1:0" });
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .Order()
            .ToList();

        CollectionAssert.AreEqual(ApiRoutes.All.Select(ApiRoutes.PathOf).Order().ToList(), routes);
    }

    [TestMethod]
    public void The_Functions_app_takes_every_route_from_ApiRoutes()
    {
        var source = string.Concat(Directory.GetFiles(Repository.PathOf("functions", "Monitor.Functions"), "*.cs").Select(File.ReadAllText));
        var routes = RouteArgument().Matches(source).Select(m => m.Groups["route"].Value).ToList();

        var names = typeof(ApiRoutes).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(ApiRoutes.Prefix))
            .Select(f => "ApiRoutes." + f.Name)
            .ToList();
        Assert.HasCount(ApiRoutes.All.Count, names, "every route constant is in ApiRoutes.All");
        CollectionAssert.AreEquivalent(names, routes.Distinct().ToList());
        Assert.IsFalse(Regex.IsMatch(source, "Route\\s*=\\s*\""), "no route is written as a string literal");
    }

    [TestMethod]
    public void The_Functions_timer_and_the_local_poll_loop_read_the_same_schedule_setting()
    {
        StringAssert.Contains(FunctionsSource("PollFeeds.cs"), "[TimerTrigger(PollTimer.Binding)]");
        StringAssert.Contains(File.ReadAllText(Repository.PathOf("functions", "Monitor.Local", "Hosting", "PollLoop.cs")), "PollTimer.ScheduleFrom(");

        using var sample = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("local.settings.sample.json")));
        Assert.IsTrue(sample.RootElement.GetProperty("Values").TryGetProperty(PollTimer.Setting, out _), "the sample settings define the schedule");
    }

    [TestMethod]
    public void The_Functions_delivery_timer_and_the_local_delivery_loop_read_the_same_schedule_setting()
    {
        StringAssert.Contains(FunctionsSource("DeliverDigests.cs"), "[TimerTrigger(DeliveryTimer.Binding)]");
        StringAssert.Contains(File.ReadAllText(Repository.PathOf("functions", "Monitor.Local", "Hosting", "DeliveryLoop.cs")), "DeliveryTimer.ScheduleFrom(");

        using var sample = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("local.settings.sample.json")));
        Assert.IsTrue(sample.RootElement.GetProperty("Values").TryGetProperty(Monitor.Core.Delivery.DeliveryTimer.Setting, out _), "the sample settings define the delivery schedule");
    }

    [TestMethod]
    public void The_Functions_blob_trigger_watches_the_incoming_container_by_its_library_name()
    {
        StringAssert.Contains(FunctionsSource("ProcessIncoming.cs"), "[BlobTrigger(StorageNames.IncomingBlobPath,");
    }

    [TestMethod]
    public void The_Functions_route_prefix_in_host_json_is_the_one_the_local_host_uses()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("host.json")));
        Assert.AreEqual(ApiRoutes.Prefix, host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [TestMethod]
    public void The_infrastructure_creates_the_containers_tables_and_queues_the_library_names()
    {
        using var names = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("infra", "storage-names.json")));
        var root = names.RootElement;

        CollectionAssert.AreEquivalent(StorageNames.Containers.ToList(), root.GetProperty("containers").EnumerateArray().Select(e => e.GetString()).ToList());
        CollectionAssert.AreEquivalent(StorageNames.Tables.ToList(), root.GetProperty("tables").EnumerateArray().Select(e => e.GetString()).ToList());
        CollectionAssert.AreEquivalent(StorageNames.Queues.ToList(), root.GetProperty("queues").EnumerateArray().Select(e => e.GetString()).ToList());
        Assert.AreEqual(StorageNames.IncomingContainer, root.GetProperty("incomingContainer").GetString());
    }

    [TestMethod]
    public void The_infrastructure_sets_the_settings_the_app_reads()
    {
        var function = File.ReadAllText(Repository.PathOf("infra", "app", "function.bicep"));

        foreach (var setting in new[]
        {
            PollTimer.Setting, Monitor.Core.Delivery.DeliveryTimer.Setting, "Storage__BlobServiceUri", "Storage__TableServiceUri", "Storage__QueueServiceUri", "Storage__ManagedIdentityClientId",
            "AzureWebJobsStorage__credential", "Delivery__PublicBaseUrl", "Delivery__TokenKey", "Email__Host", "Email__Port", "Email__Security", "Email__Password",
        })
        {
            StringAssert.Contains(function, setting + ":", $"infra/app/function.bicep sets {setting}");
        }
    }

    [TestMethod]
    public void A_provision_without_a_delivery_token_key_generates_one_and_never_deploys_the_public_key()
    {
        var main = File.ReadAllText(Repository.PathOf("infra", "main.bicep"));
        var vault = File.ReadAllText(Repository.PathOf("infra", "app", "keyvault.bicep"));
        var function = File.ReadAllText(Repository.PathOf("infra", "app", "function.bicep"));
        var azure = File.ReadAllText(Repository.PathOf("azure.yaml"));
        var hook = File.ReadAllText(Repository.PathOf("infra", "hooks", "preprovision.sh"));

        StringAssert.Contains(main, "@minLength(44)\nparam deliveryTokenKey string\n", "main.bicep requires a key, with no empty default");
        StringAssert.Contains(vault, "resource deliveryTokenKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {", "the secret is always written");
        StringAssert.Matches(function, new Regex(@"\n  \{ Delivery__TokenKey: '@Microsoft\.KeyVault\("), "the app setting is always a Key Vault reference");
        StringAssert.Contains(azure, "run: ./infra/hooks/preprovision.sh");
        StringAssert.Contains(hook, "azd env set DELIVERY_TOKEN_KEY");
        Assert.DoesNotContain(Monitor.Core.Delivery.SubscriptionTokens.DevelopmentKey, main + vault + function);
    }

    [GeneratedRegex(@"Route\s*=\s*(?<route>ApiRoutes\.\w+)")]
    private static partial Regex RouteArgument();
}
