using Microsoft.AspNetCore.Http;
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
        Result(await api.DigestAsync(ApiQuery.From(request.Query), ct));

    [Function("Sources")]
    public async Task<IActionResult> Sources(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Sources)] HttpRequest request, CancellationToken ct) =>
        Result(await api.SourcesAsync(ct));

    [Function("Health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request, CancellationToken ct) =>
        Result(await api.HealthAsync(ct));

    private static ContentResult Result(ApiResponse response) =>
        new() { StatusCode = response.StatusCode, ContentType = response.ContentType, Content = response.Body };
}
