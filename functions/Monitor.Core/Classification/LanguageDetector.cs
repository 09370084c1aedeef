namespace Monitor.Core.Classification;

/// <summary>
/// Tells Arabic and English apart from everything else, by the script most letters are written in:
/// Arabic script is "ar" unless letters peculiar to Kurdish, Persian or Urdu are common in it;
/// Latin script is "en" when English function words outnumber those of
/// other languages (or, in a text too short to have any, when few letters are accented). Digits and punctuation do not vote.
/// </summary>
public static class LanguageDetector
{
    public const string Arabic = "ar";
    public const string English = "en";
    public const string Other = "other";

    /// <summary>Share of Arabic-script letters that, when peculiar to Kurdish/Persian/Urdu, makes the text not Arabic.</summary>
    private const double NonArabicLetterShare = 0.02;

    /// <summary>Share of Latin letters outside a-z (é, ç, ş, ğ, ı, ü…) that makes a text without function words not English.</summary>
    private const double AccentedLetterShare = 0.03;

    // ڕ ڵ ۆ ێ ە ھ پ چ ژ گ ڤ ی ک and a few more of the same family.
    private static readonly HashSet<char> NonArabicLetters =
    [
        'ڕ', 'ڵ', 'ۆ', 'ێ', 'ە', 'ھ', 'پ', 'چ', 'ژ', 'گ', 'ڤ', 'ی', 'ک', 'ۇ', 'ۈ', 'ۋ', 'ٹ', 'ڈ', 'ڑ', 'ں', 'ے', 'ۓ', 'ڳ', 'ڭ', 'ۊ',
    ];

    private static readonly HashSet<string> EnglishWords = new(StringComparer.Ordinal)
    {
        "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "was", "as", "by", "at", "from",
        "has", "have", "it", "are", "be", "this", "an", "said", "which", "will", "were", "its", "their",
        "who", "after", "been", "had", "they", "not", "but", "or", "would", "than", "into", "more",
    };

    // Function words of other Latin-script languages the monitored outlets may carry (French,
    // Turkish, German, Spanish, Kurmanji); none is an English word or a common piece of a
    // transliterated Arabic name (al, el, bin, abu).
    private static readonly HashSet<string> OtherWords = new(StringComparer.Ordinal)
    {
        "le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "que", "qui", "sur", "aux",
        "par", "pas", "ses", "cette", "avec", "été", "sont", "leur", "ont", "plus",
        "ve", "bir", "bu", "için", "ile", "olarak", "çok", "daha", "olan", "gibi", "ama", "ise", "sonra", "kadar", "değil",
        "der", "das", "und", "ist", "nicht", "mit", "von", "zu", "ein", "eine", "auf", "für", "sich", "dem",
        "los", "las", "por", "con", "para", "una", "del",
        "û", "ji", "jî", "yê", "tê",
    };

    /// <summary>Share of letters each of two scripts must hold for a text to count as written in both.</summary>
    private const double MixedShare = 0.2;

    /// <summary>How much of a Latin-script text its function words are counted in.</summary>
    private const int FunctionWordSample = 1500;

    /// <summary>How much of a two-language text's beginning decides its language.</summary>
    private const int BeginningLength = 600;

    private const byte Letter = 1;
    private const byte ArabicScript = 2;
    private const byte NonArabicLetter = 4;
    private const byte LatinScript = 8;
    private const byte AccentedLetter = 16;

    /// <summary>What each UTF-16 unit is, worked out once: a letter, of which script, and whether it is peculiar or accented.</summary>
    private static readonly byte[] Kinds = BuildKinds();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> EnglishWordsBySpan = EnglishWords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> OtherWordsBySpan = OtherWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>"ar", "en" or "other".</summary>
    public static string Detect(string text) => Detect(text, 0);

    /// <summary>
    /// "ar", "en" or "other". A text written in both Arabic and Latin script (each at least a fifth
    /// of its letters, like an Arabic report with its English translation appended) takes the
    /// language of its beginning: the title when it has one (its first <paramref name="titleLength"/>
    /// characters), otherwise its first paragraphs.
    /// </summary>
    public static string Detect(string text, int titleLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Other;
        }

        var all = LetterCounts.Of(text);
        if (all.Mixed)
        {
            var title = text.AsSpan(0, Math.Min(Math.Max(titleLength, 0), text.Length));
            var titleCounts = LetterCounts.Of(title);
            var beginning = titleCounts.Arabic + titleCounts.Latin >= 8 ? title : FirstParagraph(text);
            var counts = LetterCounts.Of(beginning);
            if (!counts.Mixed)
            {
                return ByLetters(beginning, counts);
            }
        }

        return ByLetters(text, all);
    }

    /// <summary>The first line with a few words in it, or the first characters of a text without lines.</summary>
    private static ReadOnlySpan<char> FirstParagraph(string text)
    {
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan()[range];
            var counts = LetterCounts.Of(line);
            if (counts.Arabic + counts.Latin >= 20)
            {
                return line.Length > BeginningLength ? line[..BeginningLength] : line;
            }
        }

        return text.AsSpan(0, Math.Min(BeginningLength, text.Length));
    }

    private static string ByLetters(ReadOnlySpan<char> text, LetterCounts counts)
    {
        if (counts.Arabic == 0 && counts.Latin == 0)
        {
            return Other;
        }

        if (counts.OtherScripts > counts.Arabic && counts.OtherScripts > counts.Latin)
        {
            return Other;
        }

        if (counts.Arabic >= counts.Latin)
        {
            return counts.NonArabic > counts.Arabic * NonArabicLetterShare ? Other : Arabic;
        }

        var (englishWords, otherWords) = CountFunctionWords(text);
        if (englishWords + otherWords > 0)
        {
            return englishWords > otherWords ? English : Other;
        }

        // Too short to have function words (a headline): accented letters decide.
        return counts.Accented > counts.Latin * AccentedLetterShare ? Other : English;
    }

    private static bool IsLatin(char c) =>
        char.IsAsciiLetter(c) || c is (>= '\u00C0' and <= '\u024F') and not ('\u00D7' or '\u00F7') || c is >= '\u1E00' and <= '\u1EFF';

    private static byte[] BuildKinds()
    {
        var kinds = new byte[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            if (!char.IsLetter(c))
            {
                continue;
            }

            byte kind = Letter;
            if (MatchText.IsArabicLetter(c))
            {
                kind |= ArabicScript;
                if (NonArabicLetters.Contains(c))
                {
                    kind |= NonArabicLetter;
                }
            }
            else if (IsLatin(c))
            {
                kind |= LatinScript;
                if (!char.IsAsciiLetter(c))
                {
                    kind |= AccentedLetter;
                }
            }

            kinds[i] = kind;
        }

        return kinds;
    }

    /// <summary>
    /// How many English, and how many other languages', function words the text has in its first
    /// <see cref="FunctionWordSample"/> characters: a paragraph or two settles it.
    /// </summary>
    private static (int English, int Other) CountFunctionWords(ReadOnlySpan<char> text)
    {
        const int LongestFunctionWord = 12;
        if (text.Length > FunctionWordSample)
        {
            var cut = text[FunctionWordSample..].IndexOfAny(' ', '\n');
            text = cut < 0 ? text : text[..(FunctionWordSample + cut)];
        }

        Span<char> lower = stackalloc char[LongestFunctionWord];
        int english = 0, other = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (Kinds[text[i]] & Letter) != 0;
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var length = i - start;
                if (length <= LongestFunctionWord)
                {
                    var word = lower[..length];
                    text.Slice(start, length).ToLowerInvariant(word);
                    if (EnglishWordsBySpan.Contains(word))
                    {
                        english++;
                    }
                    else if (OtherWordsBySpan.Contains(word))
                    {
                        other++;
                    }
                }

                start = -1;
            }
        }

        return (english, other);
    }

    /// <summary>Letters of a text by script.</summary>
    private readonly record struct LetterCounts(int Arabic, int NonArabic, int Latin, int Accented, int OtherScripts)
    {
        /// <summary>Written in both scripts: each holds at least a fifth of the letters.</summary>
        public bool Mixed => Arabic + Latin > 0 && Math.Min(Arabic, Latin) >= (Arabic + Latin) * MixedShare;

        public static LetterCounts Of(ReadOnlySpan<char> text)
        {
            int arabic = 0, nonArabic = 0, latin = 0, accented = 0, other = 0;
            var kinds = Kinds;
            foreach (var c in text)
            {
                var kind = kinds[c];
                if (kind == 0)
                {
                    continue;
                }

                if ((kind & ArabicScript) != 0)
                {
                    arabic++;
                    nonArabic += (kind & NonArabicLetter) != 0 ? 1 : 0;
                }
                else if ((kind & LatinScript) != 0)
                {
                    latin++;
                    accented += (kind & AccentedLetter) != 0 ? 1 : 0;
                }
                else
                {
                    other++;
                }
            }

            return new LetterCounts(arabic, nonArabic, latin, accented, other);
        }
    }
}
