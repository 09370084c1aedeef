using System.Collections.Concurrent;

namespace Monitor.Core.Classification;

/// <summary>
/// The readings of folded words (see <see cref="Stemmer"/>), remembered across texts: news repeats
/// its words, so each distinct word is stemmed once and its string is shared by every text that
/// has it. The memory is bounded: past <see cref="MaxWords"/> distinct words it starts again.
/// </summary>
internal static class WordReadings
{
    /// <summary>How many distinct words are remembered before the memory is cleared.</summary>
    public const int MaxWords = 200_000;

    private static readonly ConcurrentDictionary<string, string[]> Known = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> KnownBySpan =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The word as a string, shared with earlier texts that had it.</summary>
    public static string Word(ReadOnlySpan<char> word) => ReadingsOf(word)[0];

    /// <summary>The readings of every token, in token order; each starts with the token itself.</summary>
    public static string[][] Of(IReadOnlyList<Token> tokens)
    {
        var result = new string[tokens.Count][];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ReadingsOf(tokens[i].Text);
        }

        return result;
    }

    /// <summary>The readings of one folded word; the first is the word itself.</summary>
    public static string[] ReadingsOf(ReadOnlySpan<char> word)
    {
        if (KnownBySpan.TryGetValue(word, out var readings))
        {
            return readings;
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

        readings = [.. forms];
        if (Known.Count >= MaxWords)
        {
            Known.Clear();
        }

        return Known.GetOrAdd(text, readings);
    }

    private static readonly System.Buffers.SearchValues<char> ArabicLetters = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x10000).Select(c => (char)c).Where(MatchText.IsArabicLetter)));
}
