using System.Globalization;

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

    /// <summary>How much of a two-language text's beginning decides its language.</summary>
    private const int BeginningLength = 600;

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

        var (arabicLetters, latinLetters) = Scripts(text);
        var letters = arabicLetters + latinLetters;
        if (letters > 0 && Math.Min(arabicLetters, latinLetters) >= letters * MixedShare)
        {
            var title = titleLength > 0 ? text[..Math.Min(titleLength, text.Length)] : "";
            var beginning = Scripts(title) is var t && t.Arabic + t.Latin >= 8 ? title : FirstParagraph(text);
            var (a, l) = Scripts(beginning);
            if (Math.Min(a, l) < (a + l) * MixedShare)
            {
                return ByLetters(beginning);
            }
        }

        return ByLetters(text);
    }

    /// <summary>The first line with a few words in it, or the first characters of a text without lines.</summary>
    private static string FirstParagraph(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var (a, l) = Scripts(line);
            if (a + l >= 20)
            {
                return line.Length > BeginningLength ? line[..BeginningLength] : line;
            }
        }

        return text[..Math.Min(BeginningLength, text.Length)];
    }

    private static (int Arabic, int Latin) Scripts(string text)
    {
        int arabic = 0, latin = 0;
        foreach (var c in text)
        {
            if (MatchText.IsArabicLetter(c))
            {
                arabic++;
            }
            else if (IsLatin(c))
            {
                latin++;
            }
        }

        return (arabic, latin);
    }

    private static string ByLetters(string text)
    {
        int arabic = 0, nonArabic = 0, latin = 0, accented = 0, otherScripts = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            if (MatchText.IsArabicLetter(c))
            {
                arabic++;
                if (NonArabicLetters.Contains(c))
                {
                    nonArabic++;
                }
            }
            else if (IsLatin(c))
            {
                latin++;
                if (!char.IsAsciiLetter(c))
                {
                    accented++;
                }
            }
            else
            {
                otherScripts++;
            }
        }

        if (arabic == 0 && latin == 0)
        {
            return Other;
        }

        if (otherScripts > arabic && otherScripts > latin)
        {
            return Other;
        }

        if (arabic >= latin)
        {
            return nonArabic > arabic * NonArabicLetterShare ? Other : Arabic;
        }

        var (englishWords, otherWords) = CountFunctionWords(text);
        if (englishWords + otherWords > 0)
        {
            return englishWords > otherWords ? English : Other;
        }

        // Too short to have function words (a headline): accented letters decide.
        return accented > latin * AccentedLetterShare ? Other : English;
    }

    private static bool IsLatin(char c) =>
        char.IsAsciiLetter(c) || c is (>= '\u00C0' and <= '\u024F') and not ('\u00D7' or '\u00F7') || c is >= '\u1E00' and <= '\u1EFF';

    /// <summary>How many English, and how many other languages', function words the text has.</summary>
    private static (int English, int Other) CountFunctionWords(string text)
    {
        int english = 0, other = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetter(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = text[start..i].ToLower(CultureInfo.InvariantCulture);
                if (EnglishWords.Contains(word))
                {
                    english++;
                }
                else if (OtherWords.Contains(word))
                {
                    other++;
                }

                start = -1;
            }
        }

        return (english, other);
    }
}
