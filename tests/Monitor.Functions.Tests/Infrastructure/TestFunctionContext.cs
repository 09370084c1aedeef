using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Monitor.Functions.Tests.Infrastructure;

/// <summary>
/// What the worker hands a function besides its trigger's data, for an invocation the test starts:
/// the invocation's services (the scope the worker creates for each invocation), its definition
/// (read from the function's method, as the worker reads it from <c>functions.metadata</c>), and the
/// trigger's binding data (a queue message's <c>DequeueCount</c>, a route's values).
/// </summary>
public sealed class TestFunctionContext(IServiceProvider services, MethodInfo function, IReadOnlyDictionary<string, object?> bindingData, CancellationToken ct) : FunctionContext
{
    private readonly ContextFeatures features = new();

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext { get; } = new Trace();

    public override BindingContext BindingContext { get; } = new Binding(bindingData);

    /// <summary>No retry policy is configured (host.json has none), so the worker gives none.</summary>
    public override Microsoft.Azure.Functions.Worker.RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition { get; } = new Definition(function);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => features;

    public override CancellationToken CancellationToken => ct;

    /// <summary>The name the <see cref="FunctionAttribute"/> of <paramref name="method"/> gives.</summary>
    public static string NameOf(MethodInfo method) => method.GetCustomAttribute<FunctionAttribute>()?.Name
        ?? throw new ArgumentException($"{method.DeclaringType?.Name}.{method.Name} is not a function", nameof(method));

    private sealed class Trace : TraceContext
    {
        public override string TraceParent { get; } = $"00-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8])}-01";

        public override string TraceState => "";
    }

    private sealed class Binding(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = data;
    }

    private sealed class Definition(MethodInfo method) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters { get; } =
            [.. method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];

        public override string PathToAssembly { get; } = method.DeclaringType!.Assembly.Location;

        public override string EntryPoint { get; } = $"{method.DeclaringType!.FullName}.{method.Name}";

        public override string Id { get; } = NameOf(method);

        public override string Name { get; } = NameOf(method);

        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class ContextFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> items = [];

        public T? Get<T>() => items.TryGetValue(typeof(T), out var value) ? (T)value : default;

        public void Set<T>(T instance) => items[typeof(T)] = instance!;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => items.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
