using System.Buffers;

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
/// repeats its words. The memory is a fixed table of <see cref="Slots"/> words, each word in the
/// slot its hash picks; a word that lands on an occupied slot takes it over, so the memory never
/// grows and a forgotten word is only stemmed again.
/// </summary>
internal static class WordReadings
{
    /// <summary>How many words the memory holds at most.</summary>
    public const int Slots = 1 << SlotBits;

    /// <summary>Phrase sets that keep their own look-up tables bound them by this many words.</summary>
    public const int MaxWords = Slots;

    private const int SlotBits = 18;

    private static readonly SearchValues<char> ArabicLetters = SearchValues.Create(
        string.Concat(Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(MatchText.IsArabicLetter)));

    private static readonly KnownWord?[] Known = new KnownWord?[Slots];

    /// <summary>The word and its readings, shared with earlier texts that had it.</summary>
    public static KnownWord Of(ReadOnlySpan<char> word) => Of(word, HashOf(word));

    /// <summary>The word and its readings, given the word's <see cref="Hash"/> already worked out by the caller.</summary>
    public static KnownWord Of(ReadOnlySpan<char> word, uint hash)
    {
        ref var slot = ref Known[(int)((hash * 2654435769u) >> (32 - SlotBits))];
        var known = Volatile.Read(ref slot);
        if (known is not null && word.SequenceEqual(known.Text))
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

        known = new KnownWord(text, [.. forms]);
        Volatile.Write(ref slot, known);
        return known;
    }

    /// <summary>Where an FNV-1a hash of a word starts.</summary>
    public const uint HashSeed = 2166136261u;

    /// <summary>One more character of an FNV-1a hash; the slot is the hash spread over the table by a Fibonacci multiply.</summary>
    public static uint Hash(uint hash, char c) => (hash ^ c) * 16777619u;

    private static uint HashOf(ReadOnlySpan<char> word)
    {
        var hash = HashSeed;
        foreach (var c in word)
        {
            hash = Hash(hash, c);
        }

        return hash;
    }
}
