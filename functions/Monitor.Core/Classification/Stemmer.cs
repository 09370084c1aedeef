namespace Monitor.Core.Classification;

/// <summary>
/// Light stemming of folded words (see <see cref="MatchText"/>), so that a term matches the
/// forms a word takes in running text without a dictionary.
/// <para>
/// Arabic: the attached conjunctions and prepositions و ف ب ك ل and the article ال come off the
/// front (وال، بال، فال، كال، لل…), then one pronoun suffix (ها هم هن هما كم نا) and one
/// number or gender suffix (ات ون ين ان ه; not the nisba ي, so العراقي stays apart from العراق) come off the back, never leaving fewer than three
/// letters: المحتجزين → محتجز, وعائلاتهم → عائل, بالحسكه → حسك.
/// </para>
/// <para>
/// English: the plural and the regular verb endings come off (Porter's first step): detainees →
/// detainee, transferred → transfer, moving → move, families → famili, repatriated → repatriate.
/// </para>
/// </summary>
internal static class Stemmer
{
    private const int MinArabicStem = 3;

    private static readonly string[] PronounSuffixes = ["هما", "كما", "ها", "هم", "هن", "كم", "نا"];

    // Not the nisba endings ي and يه: العراقي (Iraqi) must not read as العراق (Iraq).
    private static readonly string[] WordSuffixes = ["ات", "ون", "ين", "ان", "ه"];

    /// <summary>The stem of a folded word, Arabic or English; other words come back as they are.</summary>
    public static string Stem(string word) =>
        word.Length > 0 && MatchText.IsArabicLetter(word[0]) ? Arabic(word) : English(word);

    /// <summary>The word without its attached prefixes and its suffixes (a folded Arabic word).</summary>
    public static string Arabic(string word)
    {
        var core = WithoutPrefixes(word);
        core = WithoutSuffix(core, PronounSuffixes);
        return WithoutSuffix(core, WordSuffixes);
    }

    /// <summary>
    /// Every reading of a folded Arabic word a term may be written as: the word, the word with its
    /// prefixes taken off one layer at a time (وبالحسكه → بالحسكه, الحسكه, حسكه), and each of those
    /// without its pronoun suffix and then without its number or gender suffix
    /// (وعائلاتهم → عائلاتهم, عائلات, عائل). The word itself comes first; no reading repeats.
    /// </summary>
    public static void AddArabicReadings(string word, List<string> forms)
    {
        var start = forms.Count;
        AddPrefixReadings(word, forms);
        var prefixReadings = forms.Count;
        for (var i = start; i < prefixReadings; i++)
        {
            var withoutPronoun = WithoutSuffix(forms[i], PronounSuffixes);
            AddOnce(forms, start, withoutPronoun);
            AddOnce(forms, start, WithoutSuffix(withoutPronoun, WordSuffixes));
        }
    }

    /// <summary>A lower-case English word and, when it differs, its stem.</summary>
    public static void AddEnglishReadings(string word, List<string> forms)
    {
        forms.Add(word);
        var stem = English(word);
        if (!string.Equals(stem, word, StringComparison.Ordinal))
        {
            forms.Add(stem);
        }
    }

    private static void AddOnce(List<string> forms, int start, string form)
    {
        for (var i = start; i < forms.Count; i++)
        {
            if (string.Equals(forms[i], form, StringComparison.Ordinal))
            {
                return;
            }
        }

        forms.Add(form);
    }

    private static void AddPrefixReadings(string word, List<string> forms)
    {
        var start = forms.Count;
        forms.Add(word);
        if (word.Length > 2 && word[0] is 'و' or 'ف')
        {
            forms.Add(word[1..]);
        }

        var count = forms.Count;
        for (var i = start; i < count; i++)
        {
            var w = forms[i];
            if (w.Length > 3 && w.StartsWith("لل", StringComparison.Ordinal))
            {
                // لل = ل + ال, the alef of the article dropped in writing.
                AddOnce(forms, start, w[2..]);
                AddOnce(forms, start, "ال" + w[2..]);
            }
            else if (w.Length > 2 && w[0] is 'ب' or 'ل' or 'ك')
            {
                AddOnce(forms, start, w[1..]);
            }
        }

        count = forms.Count;
        for (var i = start; i < count; i++)
        {
            var w = forms[i];
            if (w.Length > 3 && w.StartsWith("ال", StringComparison.Ordinal))
            {
                AddOnce(forms, start, w[2..]);
            }
        }
    }

    private static string WithoutPrefixes(string word)
    {
        var w = word;
        if (w.Length > MinArabicStem && w[0] is 'و' or 'ف')
        {
            w = w[1..];
        }

        if (w.Length > MinArabicStem + 1 && w.StartsWith("لل", StringComparison.Ordinal))
        {
            return w[2..];
        }

        if (w.Length > MinArabicStem && w[0] is 'ب' or 'ل' or 'ك' && w[1] == 'ا' && w.Length > MinArabicStem + 2 && w[2] == 'ل')
        {
            w = w[1..];
        }

        if (w.Length > MinArabicStem + 1 && w.StartsWith("ال", StringComparison.Ordinal))
        {
            w = w[2..];
        }

        return w;
    }

    private static string WithoutSuffix(string word, string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (word.Length - suffix.Length >= MinArabicStem && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }

    /// <summary>Porter's step 1 (plurals, -ed, -ing) on a lower-case English word.</summary>
    public static string English(string word)
    {
        if (word.Length < 4 || !IsAsciiLower(word))
        {
            return word;
        }

        var w = word;
        if (w.EndsWith("'s", StringComparison.Ordinal))
        {
            w = w[..^2];
        }

        if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith("ies", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        if (w.EndsWith("eed", StringComparison.Ordinal))
        {
            return Measure(w[..^3]) > 0 ? w[..^1] : w;
        }

        string? stem = null;
        if (w.EndsWith("ed", StringComparison.Ordinal) && HasVowel(w[..^2]))
        {
            stem = w[..^2];
        }
        else if (w.EndsWith("ing", StringComparison.Ordinal) && HasVowel(w[..^3]) && w.Length > 5)
        {
            stem = w[..^3];
        }

        if (stem is null)
        {
            return w;
        }

        if (stem.EndsWith("at", StringComparison.Ordinal) || stem.EndsWith("bl", StringComparison.Ordinal) || stem.EndsWith("iz", StringComparison.Ordinal))
        {
            return stem + "e";
        }

        if (stem.Length > 2 && stem[^1] == stem[^2] && !IsVowel(stem[^1]) && stem[^1] is not ('l' or 's' or 'z'))
        {
            return stem[..^1];
        }

        return Measure(stem) == 1 && EndsConsonantVowelConsonant(stem) ? stem + "e" : stem;
    }

    private static bool IsAsciiLower(string word)
    {
        foreach (var c in word)
        {
            if (c is not (>= 'a' and <= 'z') and not '\'' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private static bool IsConsonant(string w, int i) => w[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(w, i - 1),
        _ => true,
    };

    private static bool HasVowel(string w)
    {
        for (var i = 0; i < w.Length; i++)
        {
            if (!IsConsonant(w, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Porter's measure: how many vowel-consonant sequences the word has.</summary>
    private static int Measure(string w)
    {
        var m = 0;
        var i = 0;
        while (i < w.Length && IsConsonant(w, i))
        {
            i++;
        }

        while (i < w.Length)
        {
            while (i < w.Length && !IsConsonant(w, i))
            {
                i++;
            }

            if (i >= w.Length)
            {
                break;
            }

            m++;
            while (i < w.Length && IsConsonant(w, i))
            {
                i++;
            }
        }

        return m;
    }

    private static bool EndsConsonantVowelConsonant(string w) =>
        w.Length >= 3 && IsConsonant(w, w.Length - 3) && !IsConsonant(w, w.Length - 2) && IsConsonant(w, w.Length - 1)
            && w[^1] is not ('w' or 'x' or 'y');
}
