using Microsoft.Azure.Functions.Worker;
using Monitor.Core.Delivery;

namespace Monitor.Functions;

/// <summary>Sends every due subscription its digest, on the schedule of the <c>DeliverySchedule</c> app setting.</summary>
public sealed class DeliverDigests(DeliveryService deliveries)
{
    [Function(nameof(DeliverDigests))]
    public Task Run([TimerTrigger(DeliveryTimer.Binding)] TimerInfo timer, CancellationToken ct) =>
        deliveries.RunDueAsync(ct);
}
