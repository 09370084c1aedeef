using Monitor.Core.Classification;
using Monitor.Core.Developments;

namespace Monitor.Core.Digests;

/// <summary>Builds a topic's digest from its stored developments: read, not rebuilt.</summary>
public sealed class DigestService(DevelopmentStore developments, TopicCatalog topics, TimeProvider time)
{
    public async Task<Digest> BuildAsync(DigestQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var stored = await developments.ReadAsync(query.Topic, query.Since, query.Until, ct).ConfigureAwait(false);
        var topic = topics.Find(query.Topic);
        return DigestAssembler.Assemble(query.Topic, topic?.Name, stored, query, time.GetUtcNow(), topic?.FactLines ?? FactLinePhrases.None);
    }
}
