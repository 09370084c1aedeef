namespace Monitor.Core.Api;

/// <summary>An HTTP answer built by the core, written out by whichever host serves it.</summary>
public sealed record ApiResponse(int StatusCode, string ContentType, string Body)
{
    public const string Json = "application/json; charset=utf-8";

    public static ApiResponse JsonOf<T>(int status, T value) =>
        new(status, Json, System.Text.Json.JsonSerializer.Serialize(value, MonitorJson.Indented));

    /// <summary>A problem answer (RFC 9457 shape) that says what is wrong.</summary>
    public static ApiResponse Problem(int status, string title, IReadOnlyList<string> errors) =>
        JsonOf(status, new ProblemBody(title, status, errors));

    private sealed record ProblemBody(string Title, int Status, IReadOnlyList<string> Errors);
}
