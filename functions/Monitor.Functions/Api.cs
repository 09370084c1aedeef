using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monitor.Core.Api;

namespace Monitor.Functions;

/// <summary>The HTTP API, on the routes the local host serves too. The digest needs a function key.</summary>
public sealed class Api(MonitorApi api)
{
    [Function("Digest")]
    public async Task<IActionResult> Digest(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Digest)] HttpRequest request, CancellationToken ct) =>
        Result(request, await api.DigestAsync(RequestOf(request), ct));

    [Function("Sources")]
    public async Task<IActionResult> Sources(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Sources)] HttpRequest request, CancellationToken ct) =>
        Result(request, await api.SourcesAsync(RequestOf(request), ct));

    [Function("Health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request, CancellationToken ct) =>
        Result(request, await api.HealthAsync(ct));

    [Function("Schema")]
    public IActionResult Schema(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Schema)] HttpRequest request) =>
        Result(request, api.Schema());

    private static ApiRequest RequestOf(HttpRequest request) =>
        new(ApiQuery.From(request.Query), new Uri(request.GetEncodedUrl()), request.Headers.IfNoneMatch.ToString());

    internal static IActionResult Result(HttpRequest request, ApiResponse response)
    {
        foreach (var (name, value) in response.Headers)
        {
            request.HttpContext.Response.Headers[name] = value;
        }

        // No body and no content type, as the local host answers them (a ContentResult with no content type throws).
        return response.StatusCode is StatusCodes.Status304NotModified or StatusCodes.Status204NoContent
            ? new StatusCodeResult(response.StatusCode)
            : new ContentResult { StatusCode = response.StatusCode, ContentType = response.ContentType, Content = response.Body };
    }
}
