namespace Monitor.Core.Classification;

/// <summary>One group of counted words (detainees, families…) and its rank: a lower rank wins.</summary>
internal sealed record CountedGroup(string What, int Priority);

/// <summary>
/// The words that say what a number counts, grouped under a canonical name ("detainees",
/// "families", "women_and_children"…) and ranked by their order in the topic files, so that
/// "150 detained fighters" counts detainees when detainees are listed before fighters.
/// </summary>
internal sealed class CountedWords
{
    private readonly PhraseSet<CountedGroup> words;

    public CountedWords(IEnumerable<TopicCountedGroup> groups)
    {
        var ranked = new Dictionary<string, int>(StringComparer.Ordinal);
        var phrases = new List<(string, CountedGroup)>();
        foreach (var group in groups)
        {
            if (!ranked.TryGetValue(group.What, out var rank))
            {
                ranked[group.What] = rank = ranked.Count;
            }

            var tag = new CountedGroup(group.What, rank);
            phrases.AddRange(group.Terms.Select(t => (t, tag)));
        }

        words = new PhraseSet<CountedGroup>(phrases);
        IsEmpty = phrases.Count == 0;
    }

    public bool IsEmpty { get; }

    public List<PhraseMatch<CountedGroup>> Matches(MatchText text) => IsEmpty ? [] : words.Matches(text);
}
