using System.Buffers;
using System.Collections.Concurrent;

namespace Monitor.Core.Classification;

/// <summary>
/// A folded word met in some text, with its readings (see <see cref="Stemmer"/>) and, for each
/// phrase set that has looked at it, the phrases it can start. Shared by every text that has the
/// word, so each distinct word is stemmed and looked up once.
/// </summary>
internal sealed class KnownWord
{
    /// <summary>Phrase sets numbered below this keep what a word starts on the word itself; others look it up.</summary>
    public const int SlotCount = 32;

    private object?[] starts = [];

    public KnownWord(string text, string[] readings)
    {
        Text = text;
        Readings = readings;
    }

    /// <summary>The folded word.</summary>
    public string Text { get; }

    /// <summary>The forms the word can be read as; the first is the word itself.</summary>
    public string[] Readings { get; }

    /// <summary>What phrase set number <paramref name="slot"/> stored for this word, if anything.</summary>
    public object? StartsFor(int slot)
    {
        var current = Volatile.Read(ref starts);
        return slot < current.Length ? current[slot] : null;
    }

    /// <summary>Stores what phrase set number <paramref name="slot"/> found for this word (a race only costs a recomputation).</summary>
    public void Remember(int slot, object value)
    {
        var current = Volatile.Read(ref starts);
        var next = slot < current.Length ? (object?[])current.Clone() : new object?[SlotCount];
        Array.Copy(current, next, Math.Min(current.Length, next.Length));
        next[slot] = value;
        Volatile.Write(ref starts, next);
    }
}

/// <summary>
/// The words of all texts read so far, each with its readings, remembered across texts: news
/// repeats its words. The memory is bounded: past <see cref="MaxWords"/> distinct words it starts again.
/// </summary>
internal static class WordReadings
{
    /// <summary>How many distinct words are remembered before the memory is cleared.</summary>
    public const int MaxWords = 200_000;

    private static readonly SearchValues<char> ArabicLetters = SearchValues.Create(
        string.Concat(Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(MatchText.IsArabicLetter)));

    private static readonly ConcurrentDictionary<string, KnownWord> Known = new(WordComparer.Instance);

    private static readonly ConcurrentDictionary<string, KnownWord>.AlternateLookup<ReadOnlySpan<char>> KnownBySpan =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The word and its readings, shared with earlier texts that had it.</summary>
    public static KnownWord Of(ReadOnlySpan<char> word)
    {
        if (KnownBySpan.TryGetValue(word, out var known))
        {
            return known;
        }

        var text = word.ToString();
        var forms = new List<string>(8);
        if (text.AsSpan().ContainsAny(ArabicLetters))
        {
            Stemmer.AddArabicReadings(text, forms);
        }
        else
        {
            Stemmer.AddEnglishReadings(text, forms);
        }

        if (Known.Count >= MaxWords)
        {
            Known.Clear();
        }

        return Known.GetOrAdd(text, new KnownWord(text, [.. forms]));
    }
}

/// <summary>
/// Ordinal comparison of words with a cheap multiplicative hash: words are short and looked up
/// once per token, where the default randomised hash costs more than the rest of the look-up.
/// The table it serves is bounded, so a flood of colliding words can only slow, never grow, it.
/// </summary>
internal sealed class WordComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
{
    public static readonly WordComparer Instance = new();

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<char> alternate) => Hash(alternate);

    public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();

    private static int Hash(ReadOnlySpan<char> word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
