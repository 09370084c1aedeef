using Azure.Data.Tables;
using Azure.Storage.Blobs.Specialized;
using Monitor.Core.Storage;
using Monitor.IntegrationTests.Infrastructure;

namespace Monitor.IntegrationTests.Storage;

[TestClass]
public sealed class StorageTransactionsTests
{
    [TestMethod]
    public async Task Every_request_the_product_sends_is_counted_by_service_kind_and_target()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var pipeline = TestPipeline.Create(azurite, []);
        var storage = pipeline.Storage;
        await storage.EnsureCreatedAsync(CancellationToken.None);
        var counter = pipeline.Requests;
        counter.Reset();

        var blob = storage.Leases.GetBlobClient("counted");
        await blob.UploadAsync(BinaryData.FromString("x"), overwrite: true);
        await blob.DownloadContentAsync();
        var lease = blob.GetBlobLeaseClient();
        await lease.AcquireAsync(TimeSpan.FromSeconds(15));
        await lease.ReleaseAsync();
        await foreach (var _ in storage.Leases.GetBlobsAsync())
        {
        }

        await storage.Articles.UpsertEntityAsync(new TableEntity("p", "r1"));
        await storage.Articles.GetEntityIfExistsAsync<TableEntity>("p", "r1");
        await storage.Articles.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", "r2")), new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", "r3"))]);
        await foreach (var _ in storage.Articles.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p"}")))
        {
        }

        await storage.TopicTurns.SendMessageAsync("topic");
        var message = (await storage.TopicTurns.ReceiveMessageAsync()).Value;
        await storage.TopicTurns.DeleteMessageAsync(message.MessageId, message.PopReceipt);

        var counts = counter.Snapshot();
        string[] expected =
        [
            "Blob PUT leases", "Blob GET leases", "Blob LEASE leases", "Blob LIST leases",
            "Table PATCH articles", "Table GET articles", "Table POST $batch", "Table QUERY articles",
            "Queue POST topicturns", "Queue GET topicturns", "Queue DELETE topicturns",
        ];
        foreach (var kind in expected)
        {
            Assert.IsTrue(counts.Keys.Any(k => k.ToString() == kind), $"{kind} was not counted: {counter.Describe()}");
        }

        Assert.AreEqual(2, counts.Single(c => c.Key.ToString() == "Blob LEASE leases").Value, "acquire and release: " + counter.Describe());
        Assert.AreEqual(1, counts.Single(c => c.Key.ToString() == "Table POST $batch").Value, "a transaction of two rows is one request: " + counter.Describe());
        Assert.AreEqual(counts.Values.Sum(), counter.Total);
        Assert.AreEqual(7, counter.Writes, "upload, two lease calls, upsert, batch, message sent and deleted: " + counter.Describe());
        Assert.IsTrue(counts.Keys.Where(k => k.Operation is "GET" or "QUERY" or "LIST").All(k => !k.IsWrite));
    }
}
