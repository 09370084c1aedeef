namespace Monitor.Core.Classification;

/// <summary>
/// Reads numbers written in words, in English ("seven thousand", "a hundred and fifty",
/// "twenty-five", "two dozen") and Arabic ("سبعة آلاف", "مئة وخمسون", "ألفين ومئتين وخمسين",
/// "خمسة عشر", "ثلاثمئة"), over the folded tokens of a <see cref="MatchText"/>. Vague plurals
/// ("thousands", "آلاف", "مئات", "dozens") are not numbers; words that are also days or pronouns
/// ("الاثنين" Monday, "أحد" one of) count only inside a compound.
/// </summary>
internal static class NumberWords
{
    private enum Kind
    {
        /// <summary>1 to 99: adds to the number being read.</summary>
        Small,

        /// <summary>Ten after a unit makes a teen (خمسة عشر).</summary>
        Teen,

        /// <summary>Multiplies what came before by 100 (or is 100 alone).</summary>
        Hundred,

        /// <summary>Closes a group: what came before times 1,000 or 1,000,000 (or the value alone).</summary>
        Scale,

        /// <summary>A complete value that adds as it is: مئتين, ثلاثمئة, ألفين.</summary>
        Whole,

        /// <summary>A plural that only multiplies a number before it: آلاف, ملايين.</summary>
        PluralScale,

        /// <summary>"a" or "one" before hundred/thousand/dozen.</summary>
        Article,

        /// <summary>A dozen: 12, or times 12 after a number.</summary>
        Dozen,
    }

    private readonly record struct Entry(Kind Kind, long Value, bool StartsAlone = true);

    private static readonly Dictionary<string, Entry> Words = Build();

    /// <summary>Where a <see cref="KnownWord"/> remembers whether it is a number word.</summary>
    private static readonly int Slot = PhraseSets.Next();
    private static readonly object Yes = true;
    private static readonly object No = false;
    private static readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> WordsBySpan = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A number read from tokens [<paramref name="first"/>, Last].</summary>
    public readonly record struct Reading(long Value, int First, int Last);

    /// <summary>Reads a number starting at token <paramref name="first"/>; null when none starts there.</summary>
    public static Reading? ReadAt(MatchText text, int first)
    {
        var tokens = text.Tokens;
        if (!CouldStart(text.Words[first]))
        {
            return null; // the common case, checked first: no number word starts here
        }

        if (first > 0 && IsDigits(tokens[first - 1].Text) && Gap(text, first - 1, first) is "" or " ")
        {
            return null; // "7 آلاف", "7 thousand": the digits read the multiplier.
        }

        long total = 0, current = 0;
        var last = -1;
        var read = false;
        var previousKind = (Kind?)null;
        for (var i = first; i < tokens.Count; i++)
        {
            var word = tokens[i].Text;
            if (i > first)
            {
                var gap = Gap(text, i - 1, i);
                if (gap is not (" " or "-"))
                {
                    break;
                }

                if (word == "and" && i + 1 < tokens.Count && Lookup(tokens[i + 1].Text, continuing: false) is not null && Gap(text, i, i + 1) is " ")
                {
                    continue;
                }
            }

            var continuing = i > first && word.Length > 1 && word[0] == 'و';
            var entry = Lookup(word, continuing) ?? (i == first ? Lookup(WithoutPreposition(word), continuing: false) : null);
            if (entry is not { } e)
            {
                break;
            }

            // "واحد" and "one" start a number only before a teen or tens joined by و (واحد وعشرون).
            if (i == first && !e.StartsAlone && !(i + 1 < tokens.Count && (Lookup(tokens[i + 1].Text, false) is { Kind: Kind.Teen }
                || (tokens[i + 1].Text.Length > 1 && tokens[i + 1].Text[0] == 'و' && Lookup(tokens[i + 1].Text, continuing: true) is { Kind: Kind.Small, Value: >= 20 }))))
            {
                return null;
            }

            switch (e.Kind)
            {
                case Kind.Article:
                    if (read || i + 1 >= tokens.Count || Lookup(tokens[i + 1].Text, false) is not { Kind: Kind.Hundred or Kind.Scale or Kind.Dozen })
                    {
                        goto Done;
                    }

                    current = 1;
                    break;
                case Kind.Small:
                    if (previousKind == Kind.Small && current % 10 != 0 && e.Value < 10)
                    {
                        goto Done; // "three four" is not a number
                    }

                    current += e.Value;
                    break;
                case Kind.Teen:
                    current += 10; // ثلاثة عشر = 3 + 10; عشر alone is ten
                    break;
                case Kind.Hundred:
                    current = (current == 0 ? 1 : current % 100) * 100 + (current - (current % 100));
                    break;
                case Kind.Whole:
                    current += e.Value;
                    break;
                case Kind.Dozen:
                    current = (current == 0 ? 1 : current) * 12;
                    break;
                case Kind.Scale:
                    total += (current == 0 ? 1 : current) * e.Value;
                    current = 0;
                    break;
                case Kind.PluralScale:
                    if (current == 0)
                    {
                        goto Done; // "آلاف" alone: thousands, not a number
                    }

                    total += current * e.Value;
                    current = 0;
                    break;
                default:
                    goto Done;
            }

            read = e.Kind != Kind.Article;
            previousKind = e.Kind;
            last = i;
        }

    Done:
        var value = total + current;
        return read && last >= first && value >= 2 ? new Reading(value, first, last) : null;
    }

    /// <summary>Whether the word is a number word (remembered on the word: most words are not).</summary>
    private static bool CouldStart(KnownWord word)
    {
        if (word.StartsFor(Slot) is bool known)
        {
            return known;
        }

        var could = Lookup(word.Text, continuing: false) is not null || Lookup(WithoutPreposition(word.Text), continuing: false) is not null;
        word.Remember(Slot, could ? Yes : No);
        return could;
    }

    private static Entry? Lookup(ReadOnlySpan<char> word, bool continuing)
    {
        if (WordsBySpan.TryGetValue(word, out var e))
        {
            return e;
        }

        return continuing && word.Length > 1 && WordsBySpan.TryGetValue(word[1..], out e) ? e : null;
    }

    private static Entry? Lookup(string word, bool continuing)
    {
        if (Words.TryGetValue(word, out var e))
        {
            return e;
        }

        return continuing && WordsBySpan.TryGetValue(word.AsSpan(1), out e) ? e : null;
    }

    private static ReadOnlySpan<char> WithoutPreposition(string word) =>
        word.Length > 3 && word[0] is 'ب' or 'ل' && word[1] != 'ا' ? word.AsSpan(1) : word;

    private static ReadOnlySpan<char> Gap(MatchText text, int left, int right) =>
        text.Folded.AsSpan(text.Tokens[left].FoldedEnd, text.Tokens[right].FoldedStart - text.Tokens[left].FoldedEnd);

    private static bool IsDigits(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return word.Length > 0;
    }

    private static Dictionary<string, Entry> Build()
    {
        var written = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var words = new FoldingDictionary(written);
        void Small(long value, params string[] forms)
        {
            foreach (var f in forms)
            {
                words[f] = new Entry(Kind.Small, value);
            }
        }

        string[] english = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
        for (var i = 2; i < english.Length; i++)
        {
            Small(i, english[i]);
        }

        string[] tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        for (var i = 0; i < tens.Length; i++)
        {
            Small((i + 2) * 10, tens[i]);
        }

        words["a"] = new Entry(Kind.Article, 1);
        words["one"] = new Entry(Kind.Article, 1);
        words["hundred"] = new Entry(Kind.Hundred, 100, StartsAlone: false);
        words["thousand"] = new Entry(Kind.Scale, 1_000, StartsAlone: false);
        words["million"] = new Entry(Kind.Scale, 1_000_000, StartsAlone: false);
        words["dozen"] = new Entry(Kind.Dozen, 12, StartsAlone: false);

        // Arabic, folded (ة → ه, أ/إ/آ → ا, ى → ي): masculine and feminine forms, nominative and oblique.
        Small(2, "اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثني");
        Small(3, "ثلاث", "ثلاثه");
        Small(4, "اربع", "اربعه");
        Small(5, "خمس", "خمسه");
        Small(6, "ست", "سته");
        Small(7, "سبع", "سبعه");
        Small(8, "ثمان", "ثماني", "ثمانيه");
        Small(9, "تسع", "تسعه");
        Small(10, "عشره");
        words["عشر"] = new Entry(Kind.Teen, 10);
        words["احد"] = new Entry(Kind.Small, 1, StartsAlone: false);
        words["احدي"] = new Entry(Kind.Small, 1, StartsAlone: false);
        words["واحد"] = new Entry(Kind.Small, 1, StartsAlone: false);
        words["واحده"] = new Entry(Kind.Small, 1, StartsAlone: false);
        words["واحدا"] = new Entry(Kind.Small, 1, StartsAlone: false);
        string[][] arabicTens =
        [
            ["عشرون", "عشرين"], ["ثلاثون", "ثلاثين"], ["اربعون", "اربعين"], ["خمسون", "خمسين"],
            ["ستون", "ستين"], ["سبعون", "سبعين"], ["ثمانون", "ثمانين"], ["تسعون", "تسعين"],
        ];
        for (var i = 0; i < arabicTens.Length; i++)
        {
            Small((i + 2) * 10, arabicTens[i]);
        }

        foreach (var hundred in new[] { "مئه", "مائه" })
        {
            words[hundred] = new Entry(Kind.Hundred, 100);
        }

        foreach (var twoHundred in new[] { "مئتان", "مئتين", "مئتا", "مئتي", "مائتان", "مائتين", "مائتا", "مائتي" })
        {
            words[twoHundred] = new Entry(Kind.Whole, 200);
        }

        string[][] unitStems = [["ثلاث"], ["اربع"], ["خمس"], ["ست"], ["سبع"], ["ثمان", "ثماني"], ["تسع"]];
        for (var i = 0; i < unitStems.Length; i++)
        {
            foreach (var stem in unitStems[i])
            {
                words[stem + "مئه"] = new Entry(Kind.Whole, (i + 3) * 100);
                words[stem + "مائه"] = new Entry(Kind.Whole, (i + 3) * 100);
            }
        }

        words["الف"] = new Entry(Kind.Scale, 1_000);
        words["الفا"] = new Entry(Kind.Scale, 1_000);
        foreach (var twoThousand in new[] { "الفان", "الفين", "الفي" })
        {
            words[twoThousand] = new Entry(Kind.Whole, 2_000);
        }

        words["الاف"] = new Entry(Kind.PluralScale, 1_000);
        words["مليون"] = new Entry(Kind.Scale, 1_000_000);
        words["مليونا"] = new Entry(Kind.Scale, 1_000_000);
        words["ملايين"] = new Entry(Kind.PluralScale, 1_000_000);
        foreach (var twoMillion in new[] { "مليونان", "مليونين", "مليوني" })
        {
            words[twoMillion] = new Entry(Kind.Whole, 2_000_000);
        }

        return written;
    }

    /// <summary>Stores each word folded as the text is (مئة → مءه), so entries are written as people spell them.</summary>
    private sealed class FoldingDictionary(Dictionary<string, Entry> inner)
    {
        public Entry this[string word]
        {
            set => inner[MatchText.FoldString(word)] = value;
        }
    }
}
