using Monitor.Core.Storage;

namespace Monitor.Benchmarks;

/// <summary>Storage requests counted by the product's <see cref="StorageTransactions"/> policy, by kind, and what they cost.</summary>
internal sealed record StorageCounts(IReadOnlyDictionary<StorageRequest, long> Counts)
{
    public long Total => Counts.Values.Sum();

    public long Writes => Counts.Where(c => c.Key.IsWrite).Sum(c => c.Value);

    public long Of(StorageService service) => Counts.Where(c => c.Key.Service == service).Sum(c => c.Value);

    /// <summary>These requests at the list prices of <see cref="AzurePrices"/>, in US dollars.</summary>
    public double Dollars => Counts.Sum(c => c.Value * AzurePrices.PerRequest(c.Key));

    /// <summary>What was counted less <paramref name="other"/>, kind by kind.</summary>
    public StorageCounts Minus(StorageCounts other) => new(Counts
        .Select(c => (c.Key, Value: c.Value - other.Counts.GetValueOrDefault(c.Key)))
        .Where(c => c.Value > 0)
        .ToDictionary(c => c.Key, c => c.Value));

    /// <summary>"Table PUT feedstate 2000, Queue POST feedpolls 2000, …", largest first.</summary>
    public string Describe() => StorageTransactions.Describe(Counts);
}
