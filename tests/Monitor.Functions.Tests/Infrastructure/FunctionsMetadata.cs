using System.Text.Json;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.Functions.Tests.Infrastructure;

/// <summary>One function's trigger as <c>functions.metadata</c> declares it to the Functions host.</summary>
public sealed record FunctionTrigger(
    string Function,
    string EntryPoint,
    string Type,
    string? Route,
    IReadOnlyList<string> Methods,
    string? AuthLevel,
    string? Schedule,
    string? QueueName,
    string? Path,
    string? Source,
    string? Connection);

/// <summary>
/// The <c>functions.metadata</c> the Worker SDK's build writes beside the app: what the Functions host
/// (in Azure and in Core Tools) reads to know the functions, their triggers and their routes.
/// </summary>
public static class FunctionsMetadata
{
    /// <summary>The build configuration these tests were built in (their folder is <c>bin/&lt;configuration&gt;/net10.0</c>).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The app's output folder of the build these tests reference.</summary>
    public static string AppOutput { get; } = Repository.PathOf("functions", "Monitor.Functions", "bin", Configuration, "net10.0");

    /// <summary>The triggers of the app as its own build wrote them.</summary>
    public static IReadOnlyList<FunctionTrigger> Built { get; } = Read(System.IO.Path.Combine(AppOutput, "functions.metadata"));

    public static FunctionTrigger Of(string function) => Built.Single(t => t.Function == function);

    public static IReadOnlyList<FunctionTrigger> Read(string path)
    {
        Assert.IsTrue(File.Exists(path), $"{path} is missing: the Worker SDK's build writes it");
        using var metadata = JsonDocument.Parse(File.ReadAllText(path));
        return [.. metadata.RootElement.EnumerateArray().Select(function =>
        {
            var trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("direction").GetString() == "In" && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            return new FunctionTrigger(
                function.GetProperty("name").GetString()!,
                function.GetProperty("entryPoint").GetString()!,
                trigger.GetProperty("type").GetString()!,
                Text(trigger, "route"),
                trigger.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!)] : [],
                Text(trigger, "authLevel"),
                Text(trigger, "schedule"),
                Text(trigger, "queueName"),
                Text(trigger, "path"),
                Text(trigger, "source"),
                Text(trigger, "connection"));
        })];
    }

    private static string? Text(JsonElement binding, string name) => binding.TryGetProperty(name, out var value) ? value.GetString() : null;
}
