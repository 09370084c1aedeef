using System.Globalization;
using System.Text;

namespace Monitor.Core.Classification;

/// <summary>One word of a <see cref="MatchText"/>: its folded form and where it sits in the original.</summary>
/// <param name="Text">The folded word.</param>
/// <param name="FoldedStart">Start in <see cref="MatchText.Folded"/>.</param>
/// <param name="FoldedEnd">End (exclusive) in <see cref="MatchText.Folded"/>.</param>
/// <param name="Start">Start in the original text.</param>
/// <param name="End">End (exclusive) in the original text.</param>
/// <param name="Arabic">True when the word is written in Arabic script.</param>
internal readonly record struct Token(string Text, int FoldedStart, int FoldedEnd, int Start, int End, bool Arabic);

/// <summary>
/// A text folded for matching: Arabic diacritics and tatweel removed, alef forms (أ إ آ ٱ) made plain
/// alef, hamza on a seat (ؤ ئ) made plain hamza, taa marbuta made haa, alef maqsura (and the Persian
/// yeh) made yaa, the Persian kaf made kaf, Latin lower-cased, every decimal digit (Arabic-Indic,
/// Eastern Arabic-Indic, any other) made ASCII.
/// Each folded character remembers where it came from, so matches point into the original.
/// </summary>
internal sealed class MatchText
{
    private MatchText(string original, string folded, int[] map, IReadOnlyList<Token> tokens)
    {
        Original = original;
        Folded = folded;
        Map = map;
        Tokens = tokens;
    }

    public string Original { get; }

    public string Folded { get; }

    /// <summary>For each folded character, its index in the original.</summary>
    public int[] Map { get; }

    public IReadOnlyList<Token> Tokens { get; }

    /// <summary>
    /// For each token, the word with the forms it can be read as (see <see cref="Stemmer"/>): an
    /// Arabic word with and without its attached prefixes and suffixes, a Latin word and its English
    /// stem. Shared by every phrase set that matches the text, and with other texts.
    /// </summary>
    public IReadOnlyList<KnownWord> Words { get; private init; } = [];

    public static MatchText Of(string text)
    {
        var folded = new char[text.Length];
        var map = new int[text.Length];
        var n = 0;
        var table = FoldTable;
        for (var i = 0; i < text.Length; i++)
        {
            var c = table[text[i]];
            if (c != Dropped)
            {
                folded[n] = c;
                map[n++] = i;
            }
        }

        var f = new string(folded, 0, n);
        var words = new List<KnownWord>(n / 5);
        var tokens = Tokenize(f, map, words);
        return new MatchText(text, f, map, tokens) { Words = words };
    }

    /// <summary>Folds a whole string the same way, for patterns and phrases.</summary>
    public static string FoldString(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (FoldTable[ch] is var c && c != Dropped)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The original text behind folded positions [start, end).</summary>
    public string OriginalOf(int foldedStart, int foldedEnd)
    {
        var (start, end) = OriginalSpan(foldedStart, foldedEnd);
        return Original[start..end];
    }

    public (int Start, int End) OriginalSpan(int foldedStart, int foldedEnd) =>
        (Map[foldedStart], Map[foldedEnd - 1] + 1);

    public static bool IsArabicLetter(char c) =>
        c is (>= '\u0620' and <= '\u064A') or '\u066E' or '\u066F' or (>= '\u0671' and <= '\u06D3') or '\u06D5'
            or '\u06EE' or '\u06EF' or (>= '\u06FA' and <= '\u06FF') or (>= '\u0750' and <= '\u077F')
            or (>= '\u08A0' and <= '\u08FF') or (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF');

    /// <summary>Marks that carry no letter: Arabic harakat, Quranic marks, tatweel, joiners.</summary>
    public static bool IsIgnorable(char c) =>
        c is >= '\u064B' and <= '\u065F' or '\u0670' or '\u0640' or >= '\u06D6' and <= '\u06ED' or >= '\u0610' and <= '\u061A'
            or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u00AD';

    /// <summary>Marks a character folding drops in <see cref="FoldTable"/> (U+FFFF is not a character).</summary>
    private const char Dropped = '\uFFFF';

    private const byte WordChar = 1;
    private const byte ArabicChar = 2;

    /// <summary>Every UTF-16 unit folded once, at start-up: the text is then folded by table look-up.</summary>
    private static readonly char[] FoldTable = BuildFoldTable();

    /// <summary>For every UTF-16 unit: whether it belongs to a word, and whether it is an Arabic letter.</summary>
    private static readonly byte[] CharKinds = BuildCharKinds();

    private static char[] BuildFoldTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            table[c] = Fold((char)c) ?? Dropped;
        }

        table[Dropped] = Dropped;
        return table;
    }

    private static byte[] BuildCharKinds()
    {
        var kinds = new byte[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            kinds[c] = (byte)((char.IsLetterOrDigit((char)c) ? WordChar : 0) | (IsArabicLetter((char)c) ? ArabicChar : 0));
        }

        return kinds;
    }

    private static char? Fold(char c)
    {
        if (IsIgnorable(c))
        {
            return null;
        }

        switch (c)
        {
            case 'أ' or 'إ' or 'آ' or 'ٱ':
                return 'ا';
            case 'ؤ' or 'ئ':
                return 'ء';
            case 'ة':
                return 'ه';
            case 'ى' or 'ی':
                return 'ي';
            case 'ک':
                return 'ك';
            default:
                break;
        }

        if (char.IsDigit(c))
        {
            var value = CharUnicodeInfo.GetDecimalDigitValue(c);
            return value >= 0 ? (char)('0' + value) : c;
        }

        return char.ToLowerInvariant(c);
    }

    private static List<Token> Tokenize(string folded, int[] map, List<KnownWord> words)
    {
        var tokens = new List<Token>(folded.Length / 5);
        var kinds = CharKinds;
        var i = 0;
        while (i < folded.Length)
        {
            if ((kinds[folded[i]] & WordChar) == 0)
            {
                i++;
                continue;
            }

            var start = i;
            var kind = 0;
            var hash = WordReadings.HashSeed;
            while (i < folded.Length && kinds[folded[i]] is var k && (k & WordChar) != 0)
            {
                kind |= k;
                hash = WordReadings.Hash(hash, folded[i]);
                i++;
            }

            var arabic = (kind & ArabicChar) != 0;
            var word = WordReadings.Of(folded.AsSpan(start, i - start), hash);
            words.Add(word);
            tokens.Add(new Token(word.Text, start, i, map[start], map[i - 1] + 1, arabic));
        }

        return tokens;
    }
}
