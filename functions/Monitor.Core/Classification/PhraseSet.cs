using System.Runtime.CompilerServices;

namespace Monitor.Core.Classification;

/// <summary>Numbers phrase sets, so that each word can remember what it starts in each.</summary>
internal static class PhraseSets
{
    private static int count = -1;

    public static int Next() => Interlocked.Increment(ref count);
}

/// <summary>Where a phrase was found: its tag, the pattern as written, and its tokens.</summary>
internal sealed record PhraseMatch<T>(T Tag, string Pattern, int FirstToken, int LastToken, int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>
/// A set of bilingual phrases matched word by word against a <see cref="MatchText"/>.
/// A phrase is one or more words; a word ending in <c>*</c> matches any word starting with it.
/// A word of the text matches a term's word when one of its readings is that word as written:
/// Arabic words are read with and without the attached prefixes و ف ب ل ك ال (and their
/// combinations, such as وال، بال، لل) and their pronoun and plural suffixes, after the same folding
/// as the text (أ إ آ → ا, ة → ه, ى → ي, no diacritics): the term محتجز matches والمحتجزين. English
/// words match case-insensitively, as written, with their regular inflections, or by their stem
/// (the term transfer matches transfers, transferred, transferring). A term written in an inflected
/// form matches only that form and its own inflections, so authors choose how wide a term reaches.
/// </summary>
internal sealed class PhraseSet<T>
{
    private readonly Dictionary<string, List<Phrase>> byFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Phrase>> byFirstStem = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Phrase>>.AlternateLookup<ReadOnlySpan<char>> byFirstStemStart;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Phrase[]> startsByWord = new(StringComparer.Ordinal);

    /// <summary>This set's number among all phrase sets: where a <see cref="KnownWord"/> keeps what it starts here.</summary>
    private readonly int slot = PhraseSets.Next();

    /// <summary>How many leading letters of a stem index its phrases.</summary>
    private const int StemKey = 2;

    public PhraseSet(IEnumerable<(string Pattern, T Tag)> phrases)
    {
        byFirstStemStart = byFirstStem.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (pattern, tag) in phrases)
        {
            var words = Words(pattern);
            if (words.Count == 0)
            {
                throw new ArgumentException($"The phrase \"{pattern}\" has no words.", nameof(phrases));
            }

            var phrase = new Phrase(pattern, tag, [.. words]);
            var first = phrase.Words[0];
            if (first.Stem)
            {
                // Indexed by the stem's first two letters (a stem shorter than that matches words of two
                // letters or more that start with it, so it is filed under each such start it can have).
                var key = first.Text.Length >= StemKey ? first.Text[..StemKey] : first.Text;
                if (!byFirstStem.TryGetValue(key, out var list))
                {
                    byFirstStem[key] = list = [];
                }

                list.Add(phrase);
            }
            else
            {
                foreach (var form in first.Forms)
                {
                    if (!byFirstWord.TryGetValue(form, out var list))
                    {
                        byFirstWord[form] = list = [];
                    }

                    list.Add(phrase);
                }
            }
        }
    }

    /// <summary>Every occurrence of every phrase, in text order, longest first at the same place.</summary>
    public List<PhraseMatch<T>> Matches(MatchText text)
    {
        var tokens = text.Tokens;
        var words = text.Words;

        var result = new List<PhraseMatch<T>>();
        for (var i = 0; i < words.Count; i++)
        {
            foreach (var phrase in StartingAt(words[i]))
            {
                if (phrase.MatchesAt(words, i, from: 1))
                {
                    result.Add(MatchOf(phrase, text, i));
                }
            }
        }

        result.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        return result;
    }

    /// <summary>
    /// The phrases whose first word a word of the text (given by its readings) matches. Worked out
    /// once per distinct word and remembered, as the same words come back in text after text.
    /// </summary>
    private Phrase[] StartingAt(KnownWord word)
    {
        if (slot < KnownWord.SlotCount)
        {
            // Only this set writes its slot, so what is there is this set's Phrase[].
            if (word.StartsFor(slot) is { } remembered)
            {
                return Unsafe.As<Phrase[]>(remembered);
            }

            var found = FindStartingAt(word.Readings);
            word.Remember(slot, found);
            return found;
        }

        return startsByWord.TryGetValue(word.Text, out var starts) ? starts : Remember(word.Text, FindStartingAt(word.Readings));
    }

    private Phrase[] Remember(string word, Phrase[] starts)
    {
        if (startsByWord.Count >= WordReadings.MaxWords)
        {
            startsByWord.Clear();
        }

        startsByWord[word] = starts;
        return starts;
    }

    private Phrase[] FindStartingAt(string[] readings)
    {
        var found = new List<Phrase>();
        foreach (var form in readings)
        {
            if (byFirstWord.TryGetValue(form, out var list))
            {
                found.AddRange(list);
            }

            for (var keyLength = 1; keyLength <= Math.Min(StemKey, form.Length); keyLength++)
            {
                if (byFirstStemStart.TryGetValue(form.AsSpan(0, keyLength), out var stems))
                {
                    foreach (var stem in stems)
                    {
                        if (stem.Words[0].Matches(readings))
                        {
                            found.Add(stem);
                        }
                    }
                }
            }
        }

        return found.Count == 0 ? [] : [.. found.Distinct()];
    }

    private static PhraseMatch<T> MatchOf(Phrase phrase, MatchText text, int first)
    {
        var last = first + phrase.Words.Length - 1;
        return new PhraseMatch<T>(phrase.Tag, phrase.Pattern, first, last, text.Tokens[first].Start, text.Tokens[last].End);
    }

    private static List<Word> Words(string pattern)
    {
        var folded = MatchText.FoldString(pattern);
        var words = new List<Word>();
        var i = 0;
        while (i < folded.Length)
        {
            if (!char.IsLetterOrDigit(folded[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < folded.Length && char.IsLetterOrDigit(folded[i]))
            {
                i++;
            }

            var text = folded[start..i];
            var stem = i < folded.Length && folded[i] == '*';
            words.Add(new Word(text, stem, stem ? [text] : Inflections(text)));
        }

        return words;
    }

    /// <summary>A Latin word with its regular English inflections; an Arabic word as it is.</summary>
    private static HashSet<string> Inflections(string word)
    {
        var forms = new HashSet<string>(StringComparer.Ordinal) { word };
        if (word.Any(MatchText.IsArabicLetter) || word.Length < 3 || !word.All(char.IsAsciiLetter))
        {
            return forms;
        }

        var last = word[^1];
        var beforeLast = word[^2];
        forms.Add(word + "s");
        if (last is 's' or 'x' or 'z' or 'h')
        {
            forms.Add(word + "es");
        }

        if (last == 'e')
        {
            forms.Add(word + "d");
            forms.Add(word[..^1] + "ing");
        }
        else if (last == 'y' && !IsVowel(beforeLast))
        {
            forms.Add(word[..^1] + "ies");
            forms.Add(word[..^1] + "ied");
            forms.Add(word + "ing");
        }
        else
        {
            forms.Add(word + "ed");
            forms.Add(word + "ing");
            if (!IsVowel(last) && last is not ('w' or 'x' or 'y') && IsVowel(beforeLast))
            {
                // transfer → transferred, transferring
                forms.Add(word + last + "ed");
                forms.Add(word + last + "ing");
            }
        }

        return forms;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private sealed record Word(string Text, bool Stem, HashSet<string> Forms)
    {
        public bool Matches(string[] tokenForms)
        {
            foreach (var form in tokenForms)
            {
                if (Stem ? form.StartsWith(Text, StringComparison.Ordinal) && form.Length >= 2 : Forms.Contains(form))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class Phrase(string pattern, T tag, Word[] words)
    {
        public string Pattern { get; } = pattern;

        public T Tag { get; } = tag;

        public Word[] Words { get; } = words;

        /// <summary>True when the phrase's words, from word number <paramref name="from"/> on, match the text's words from <paramref name="first"/> + that number.</summary>
        public bool MatchesAt(IReadOnlyList<KnownWord> words, int first, int from = 0)
        {
            if (first + Words.Length > words.Count)
            {
                return false;
            }

            for (var k = from; k < Words.Length; k++)
            {
                if (!Words[k].Matches(words[first + k].Readings))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
