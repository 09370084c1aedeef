using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.IntegrationTests.Infrastructure;
using Monitor.Local.Hosting;

namespace Monitor.IntegrationTests.Hosting;

/// <summary>The local host's queue worker, as the Functions runtime's queue trigger behaves: each message to one worker at a time.</summary>
[TestClass]
public sealed class QueueWorkerTests
{
    /// <summary>Handles a batch one message after another, each taking a while, and counts what it ran.</summary>
    private class SlowWorker(QueueClient queue, QueueClient poison, TimeSpan visibility, TimeSpan each, ConcurrentDictionary<string, int> runs)
        : QueueWorker(queue, poison, TimeSpan.FromSeconds(1), visibility, NullLogger.Instance)
    {
        protected override bool Enabled => true;

        protected override Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

        protected override async Task HandleBatchAsync(QueueMessage[] batch, CancellationToken ct)
        {
            foreach (var message in batch)
            {
                await WorkOnAsync([message], async work =>
                {
                    runs.AddOrUpdate(message.MessageText, 1, (_, n) => n + 1);
                    await Task.Delay(each, work);
                }, message.MessageText, ct);
            }
        }
    }

    /// <summary>Takes the next batch of four while another batch of four is still being handled, as the Functions runtime's newBatchThreshold does.</summary>
    private sealed class OverlappingWorker(QueueClient queue, QueueClient poison, TimeSpan each, ConcurrentDictionary<string, int> runs)
        : SlowWorker(queue, poison, TimeSpan.FromSeconds(30), each, runs)
    {
        protected override int BatchSize => 4;

        protected override int NewBatchThreshold => 4;
    }

    [TestMethod]
    [DataRow(0, DisplayName = "work that ends at once")]
    [DataRow(30, DisplayName = "work that takes a moment")]
    public async Task Batches_taken_while_others_are_still_handled_run_every_message_once(int milliseconds)
    {
        await using var azurite = await TestAzurite.StartAsync();
        var service = new QueueServiceClient(azurite.ConnectionString);
        var queue = service.GetQueueClient("overlapping-work");
        var poison = service.GetQueueClient("overlapping-work-poison");
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        await Task.WhenAll(Enumerable.Range(0, 80).Select(i => queue.SendMessageAsync($"m{i}")));

        var runs = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var worker = new OverlappingWorker(queue, poison, TimeSpan.FromMilliseconds(milliseconds), runs);
        var handled = await worker.DrainAsync(CancellationToken.None);

        Assert.AreEqual(80, handled);
        Assert.AreEqual(80, runs.Count);
        Assert.IsTrue(runs.Values.All(n => n == 1));
        Assert.AreEqual(0, (await queue.PeekMessagesAsync(32)).Value.Length, "every message deleted");
    }

    [TestMethod]
    public async Task A_message_waiting_its_turn_in_a_batch_longer_than_the_visibility_timeout_runs_once_across_two_workers()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var service = new QueueServiceClient(azurite.ConnectionString);
        var queue = service.GetQueueClient("slow-work");
        var poison = service.GetQueueClient("slow-work-poison");
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        for (var i = 0; i < 6; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }

        // Six messages of 0.8 s each, handled one after another, hold a batch for about 5 s: four
        // times the 1.2 s the queue hides a message it handed out.
        var runs = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var first = new SlowWorker(queue, poison, TimeSpan.FromSeconds(1.2), TimeSpan.FromMilliseconds(800), runs);
        using var second = new SlowWorker(queue, poison, TimeSpan.FromSeconds(1.2), TimeSpan.FromMilliseconds(800), runs);
        var firstRun = first.DrainAsync(CancellationToken.None);
        var drainedSecond = 0;
        while (!firstRun.IsCompleted)
        {
            // The other host looks at the queue all along, as a second instance does.
            drainedSecond += await second.DrainAsync(CancellationToken.None);
            await Task.Delay(100);
        }

        var drainedFirst = await firstRun;
        var late = await Task.WhenAll(first.DrainAsync(CancellationToken.None), second.DrainAsync(CancellationToken.None));

        Assert.AreEqual(6, runs.Count);
        Assert.IsTrue(runs.Values.All(n => n == 1), "each message ran once: " + string.Join(", ", runs.Select(r => $"{r.Key}×{r.Value}")));
        Assert.AreEqual(6, drainedFirst + drainedSecond + late.Sum());
        Assert.AreEqual(0, (await queue.PeekMessagesAsync(32)).Value.Length, "every message deleted");
        Assert.AreEqual(0, (await poison.PeekMessagesAsync(32)).Value.Length);
    }
}
