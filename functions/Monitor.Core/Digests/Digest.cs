using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>What happened in a topic during a time window, as developments.</summary>
/// <param name="Topic">The topic's id.</param>
/// <param name="GeneratedAt">When the digest was built.</param>
/// <param name="Since">Start of the window.</param>
/// <param name="Until">End of the window.</param>
/// <param name="Developments">Most recently updated first.</param>
public sealed record Digest(string Topic, DateTimeOffset GeneratedAt, DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<Development> Developments);
