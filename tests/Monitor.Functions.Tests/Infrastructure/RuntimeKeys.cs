using System.Web;

namespace Monitor.Functions.Tests.Infrastructure;

/// <summary>
/// What the Functions host checks before a request reaches the worker, as it does in Azure: a
/// function whose <c>authLevel</c> (in <c>functions.metadata</c>) is <c>Function</c> needs one of
/// the app's keys, in the <c>code</c> query parameter or the <c>x-functions-key</c> header, and
/// without one the host answers 401 with no body and the function never runs; an
/// <c>Anonymous</c> function gets every request. Core Tools and the local host check no keys.
/// </summary>
public sealed class RuntimeKeys(string functionKey)
{
    public string FunctionKey { get; } = functionKey;

    public static HttpAnswer Refused { get; } = new(401, new Dictionary<string, string>(), []);

    /// <summary>True when the host lets <paramref name="request"/> through to <paramref name="function"/>.</summary>
    public bool Admits(string function, HttpRequestMessage request)
    {
        var level = FunctionsMetadata.Of(function).AuthLevel;
        if (string.Equals(level, "Anonymous", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var code = HttpUtility.ParseQueryString(request.RequestUri!.Query)["code"]
            ?? (request.Headers.TryGetValues("x-functions-key", out var values) ? values.FirstOrDefault() : null);
        return code == FunctionKey;
    }
}
