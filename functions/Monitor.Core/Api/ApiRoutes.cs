namespace Monitor.Core.Api;

/// <summary>The HTTP routes, defined once for the local host and the Functions app.</summary>
public static class ApiRoutes
{
    /// <summary>Prefix of every route (the Functions default).</summary>
    public const string Prefix = "api";

    public const string Digest = "digest";

    public const string Sources = "sources";

    public const string Health = "health";

    /// <summary>The JSON Schema of the digest's JSON format.</summary>
    public const string Schema = "schema";

    /// <summary>Every route, for hosts and tests that check them.</summary>
    public static IReadOnlyList<string> All { get; } = [Digest, Sources, Health, Schema];

    public static string PathOf(string route) => $"/{Prefix}/{route}";
}
