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

    /// <summary>POST: create a subscription.</summary>
    public const string Subscriptions = "subscriptions";

    /// <summary>GET, PATCH, DELETE one subscription, with its manage token.</summary>
    public const string Subscription = "subscriptions/{id}";

    /// <summary>GET: the link an email address follows to confirm its subscription.</summary>
    public const string SubscriptionConfirm = "subscriptions/{id}/confirm";

    /// <summary>GET shows the unsubscribe page; POST unsubscribes (RFC 8058 one-click).</summary>
    public const string SubscriptionUnsubscribe = "subscriptions/{id}/unsubscribe";

    /// <summary>Every route, for hosts and tests that check them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Digest, Sources, Health, Schema, Subscriptions, Subscription, SubscriptionConfirm, SubscriptionUnsubscribe];

    public static string PathOf(string route) => $"/{Prefix}/{route}";
}
