using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Monitor.Core.Api;

namespace Monitor.Functions;

/// <summary>
/// The subscription routes, as the local host serves them. Creating needs a function key; the
/// others are anonymous because they carry their own proof (the manage token, or a signed link).
/// </summary>
public sealed class Subscriptions(SubscriptionApi api)
{
    [Function("CreateSubscription")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Subscriptions)] HttpRequest request, CancellationToken ct) =>
        Api.Result(request, await api.CreateAsync(await BodyAsync(request, ct), ct));

    [Function("ReadSubscription")]
    public async Task<IActionResult> Read(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Subscription)] HttpRequest request, string id, CancellationToken ct) =>
        Api.Result(request, await api.ReadAsync(id, request.Headers.Authorization.ToString(), ct));

    [Function("ChangeSubscription")]
    public async Task<IActionResult> Change(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ApiRoutes.Subscription)] HttpRequest request, string id, CancellationToken ct) =>
        Api.Result(request, await api.ChangeAsync(id, request.Headers.Authorization.ToString(), await BodyAsync(request, ct), ct));

    [Function("DeleteSubscription")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Subscription)] HttpRequest request, string id, CancellationToken ct) =>
        Api.Result(request, await api.DeleteAsync(id, request.Headers.Authorization.ToString(), ct));

    [Function("ConfirmSubscription")]
    public async Task<IActionResult> Confirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.SubscriptionConfirm)] HttpRequest request, string id, CancellationToken ct) =>
        Api.Result(request, await api.ConfirmAsync(id, request.Query["token"], ct));

    [Function("UnsubscribePage")]
    public IActionResult UnsubscribePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.SubscriptionUnsubscribe)] HttpRequest request, string id) =>
        Api.Result(request, api.UnsubscribePage(id, request.Query["token"]));

    [Function("Unsubscribe")]
    public async Task<IActionResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.SubscriptionUnsubscribe)] HttpRequest request, string id, CancellationToken ct) =>
        Api.Result(request, await api.UnsubscribeAsync(id, request.Query["token"], ct));

    private static Task<string> BodyAsync(HttpRequest request, CancellationToken ct) => SubscriptionApi.ReadBodyAsync(request.Body, ct);
}
