namespace Monitor.Core.Api;

/// <summary>An HTTP answer built by the core, written out by whichever host serves it.</summary>
public sealed record ApiResponse(int StatusCode, string ContentType, string Body)
{
    public const string Json = "application/json; charset=utf-8";

    /// <summary>Response headers beyond the content type (ETag, Cache-Control…).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static ApiResponse JsonOf<T>(int status, T value) =>
        new(status, Json, System.Text.Json.JsonSerializer.Serialize(value, MonitorJson.Indented));

    /// <summary>A problem answer (RFC 9457 shape) that says what is wrong.</summary>
    public static ApiResponse Problem(int status, string title, IReadOnlyList<string> errors) =>
        JsonOf(status, new ProblemBody(title, status, errors));

    private sealed record ProblemBody(string Title, int Status, IReadOnlyList<string> Errors);
}

/// <summary>What the API needs of an HTTP request, whichever host received it.</summary>
/// <param name="Query">The query string (see <see cref="ApiQuery.From"/>).</param>
/// <param name="Url">The request's absolute URL, for links to itself.</param>
/// <param name="IfNoneMatch">The If-None-Match header, when given.</param>
public sealed record ApiRequest(IReadOnlyDictionary<string, string?> Query, Uri Url, string? IfNoneMatch = null);
