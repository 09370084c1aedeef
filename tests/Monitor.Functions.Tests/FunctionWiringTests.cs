using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Functions.Tests.Infrastructure;

namespace Monitor.Functions.Tests;

[TestClass]
public sealed class FunctionWiringTests
{
    /// <summary>Every method of the app the runtime can invoke: those with a <see cref="FunctionAttribute"/>.</summary>
    public static IReadOnlyList<MethodInfo> Functions { get; } =
        [.. typeof(FunctionsApp).Assembly.GetTypes().SelectMany(t => t.GetMethods()).Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)];

    [TestMethod]
    public async Task Every_function_class_is_made_by_the_workers_activator_from_the_apps_own_wiring()
    {
        await using var app = FunctionsAppHost.Build(FunctionsAppHost.SampleSettings());
        var activator = app.Services.GetRequiredService<IFunctionActivator>();

        var classes = Functions.GroupBy(m => m.DeclaringType!).ToList();
        CollectionAssert.AreEquivalent(
            new[] { "Api", "DeliverDigests", "GroupDevelopments", "PollFeed", "PollFeeds", "ProcessIncoming", "Subscriptions" },
            classes.Select(c => c.Key.Name).ToArray());
        foreach (var functions in classes)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var context = new TestFunctionContext(scope.ServiceProvider, functions.First(), new Dictionary<string, object?>(), CancellationToken.None);
            var instance = activator.CreateInstance(functions.Key, context);
            Assert.IsInstanceOfType(instance, functions.Key);
        }
    }
}
