using Microsoft.Azure.Functions.Worker;
using Monitor.Core.Developments;
using Monitor.Core.Storage;

namespace Monitor.Functions;

/// <summary>One grouping turn of the topic a message names: folds its new articles into its developments; an exception lets the runtime retry it.</summary>
public sealed class GroupDevelopments(DevelopmentStore developments)
{
    [Function(nameof(GroupDevelopments))]
    public Task Run([QueueTrigger(StorageNames.TopicTurnsQueue, Connection = "AzureWebJobsStorage")] string topic, CancellationToken ct) =>
        developments.GroupStagedAsync(topic.Trim(), ct);
}
