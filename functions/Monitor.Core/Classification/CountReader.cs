using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Core.Classification;

/// <summary>
/// Reads the numbers of people or things an article states: digits in any of the three digit sets,
/// with thousands separators, Arabic and English multipliers ("7 آلاف", "7 thousand") and the words
/// before them that make them approximate, a ceiling or a floor. Years, dates, times, percentages,
/// money and numbers that name rather than count ("(رقم 90)", "90th") are left out.
/// </summary>
internal static partial class CountReader
{
    private const int MaxPlainDigits = 7;

    /// <summary>Longer runs of digits and separators are identifiers or noise, never counts.</summary>
    private const int MaxDigitRun = 40;

    private static readonly Dictionary<string, long> Multipliers = Folded(new Dictionary<string, long>
    {
        ["hundred"] = 100, ["hundreds"] = 100, ["thousand"] = 1_000, ["thousands"] = 1_000,
        ["million"] = 1_000_000, ["millions"] = 1_000_000, ["billion"] = 1_000_000_000,
        ["مئه"] = 100, ["مائه"] = 100, ["مئات"] = 100,
        ["الف"] = 1_000, ["الفا"] = 1_000, ["الاف"] = 1_000,
        ["مليون"] = 1_000_000, ["ملايين"] = 1_000_000, ["مليار"] = 1_000_000_000, ["مليارات"] = 1_000_000_000,
    });

    private static readonly HashSet<string> Currencies = Folded(new HashSet<string>
    {
        "dollar", "dollars", "usd", "euro", "euros", "eur", "dinar", "dinars", "iqd", "pound", "pounds", "riyal", "riyals", "lira", "liras",
        "دولار", "دولارا", "دولارات", "يورو", "دينار", "دينارا", "ريال", "ريالا", "ليره", "جنيه", "جنيها",
    });

    private static readonly HashSet<string> PercentWords = [.. new[] { "percent", "pct", "بالمئه", "بالمائه" }.Select(MatchText.FoldString)];

    private static readonly HashSet<string> Hundredths = [.. new[] { "المئه", "المائه" }.Select(MatchText.FoldString)];

    private static readonly HashSet<string> Months = Folded(new HashSet<string>
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر",
        "كانون", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول", "تشرين",
    });

    private static readonly HashSet<string> YearWords = Folded(new HashSet<string>
    {
        "in", "since", "year", "of", "by", "until", "from", "during", "before", "after", "early", "late", "mid", "between", "and",
        "عام", "العام", "سنه", "السنه", "منذ", "في", "حتي", "خلال", "بحلول", "مطلع", "اواخر", "اوائل", "نهايه", "بدايه", "قبل", "بعد", "بين",
    });

    /// <summary>Lengths of time and distance: "10 years", "20 كيلومترا" are not counts of anything the story follows.</summary>
    private static readonly HashSet<string> Units = Folded(new HashSet<string>
    {
        "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes", "km", "kilometres", "kilometers", "miles", "metres", "meters",
        "سنه", "سنوات", "سنين", "عام", "عاما", "اعوام", "شهر", "شهرا", "اشهر", "شهور", "اسبوع", "اسبوعا", "اسابيع", "يوم", "يوما", "ايام",
        "ساعه", "ساعات", "دقيقه", "دقائق", "كيلومتر", "كيلومترا", "كيلومترات", "كلم", "كم", "متر", "مترا", "امتار",
    });

    /// <summary>Words after a number that mean "more of what was just counted".</summary>
    private static readonly HashSet<string> MoreWords = Folded(new HashSet<string>
    {
        "more", "others", "other", "additional", "further", "اخرين", "اخرون", "اخري", "اخر", "اضافيين", "اضافيه",
    });

    private static readonly char[] PhraseBreaks = ['.', ',', '،', ';', '؛', ':', '!', '?', '؟', '(', ')', '\n'];

    private const int WhatWindow = 6;

    private static readonly HashSet<string> NumberNames = Folded(new HashSet<string> { "رقم", "number", "no", "nos", "num" });

    /// <summary>Words after which "over" means a handover, not "more than".</summary>
    private static readonly HashSet<string> OverVerbs = new(StringComparer.Ordinal)
    {
        "hand", "hands", "handed", "handing", "turn", "turns", "turned", "turning", "take", "takes", "took", "taken", "taking", "pass", "passed", "passing",
    };

    // Longest first, so that "ما يصل الي" wins over shorter endings.
    private static readonly (string Phrase, string Qualifier)[] Qualifiers =
    [
        ("ما لا يقل عن", CountFact.AtLeast), ("ما يزيد على", CountFact.AtLeast), ("ما يزيد علي", CountFact.AtLeast), ("ما يزيد عن", CountFact.AtLeast),
        ("ما يقرب من", CountFact.Approximate), ("ما يصل الي", CountFact.UpTo), ("ما يقارب", CountFact.Approximate), ("ما يناهز", CountFact.Approximate),
        ("an estimated", CountFact.Approximate), ("approximately", CountFact.Approximate), ("upwards of", CountFact.AtLeast),
        ("as many as", CountFact.UpTo), ("more than", CountFact.AtLeast), ("at least", CountFact.AtLeast), ("no fewer than", CountFact.AtLeast),
        ("roughly", CountFact.Approximate), ("nearly", CountFact.Approximate), ("around", CountFact.Approximate), ("almost", CountFact.Approximate),
        ("about", CountFact.Approximate), ("some", CountFact.Approximate), ("up to", CountFact.UpTo), ("over", CountFact.AtLeast),
        ("اكثر من", CountFact.AtLeast), ("يصل الي", CountFact.UpTo), ("حوالي", CountFact.Approximate), ("قرابه", CountFact.Approximate),
        ("زهاء", CountFact.Approximate), ("نحو", CountFact.Approximate), ("حتي", CountFact.UpTo),
    ];

    /// <summary>
    /// Every count the text states, each once, in text order. With <paramref name="counted"/>, each
    /// count also says what it counts: the earliest-listed group of counted words found in the few
    /// words after the number ("150 detained fighters" counts detainees when detainees come first).
    /// </summary>
    public static IReadOnlyList<CountFact> Read(MatchText text, CountedWords? counted = null)
    {
        var folded = text.Folded;
        var nouns = counted?.Matches(text) ?? [];
        var facts = new List<CountFact>();
        var index = new Dictionary<(long, string), int>();
        var covered = new List<(int Start, int End)>();

        void Keep(CountFact? fact, int start, int end)
        {
            covered.Add((start, end));
            if (fact is null)
            {
                return;
            }

            if (fact.What is null && nouns.Count > 0 && IsMore(folded, end) && facts.LastOrDefault(f => f.What is not null) is { } before)
            {
                fact = fact with { What = before.What };
            }

            if (index.TryGetValue((fact.Value, fact.Qualifier), out var at))
            {
                if (facts[at].What is null && fact.What is not null)
                {
                    facts[at] = fact;
                }

                return;
            }

            index[(fact.Value, fact.Qualifier)] = facts.Count;
            facts.Add(fact);
        }

        foreach (var m in NumberPattern().EnumerateMatches(folded))
        {
            if (InDateOrTime(folded, m.Index, m.Index + m.Length) || AfterThousandsAnd(folded, m.Index))
            {
                continue;
            }

            Keep(Read(text, m.Index, m.Length, nouns), m.Index, m.Index + m.Length);
        }

        var tokens = text.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            // Only a word with a digit in it can overlap a number read from digits, and the words of a
            // number read from words are skipped below.
            if (!char.IsLetter(token.Text[0])
                || (token.Text.AsSpan().ContainsAnyInRange('0', '9') && Overlaps(covered, token.FoldedStart, token.FoldedEnd)))
            {
                continue;
            }

            if (NumberWords.ReadAt(text, i) is { } reading)
            {
                var start = tokens[reading.First].FoldedStart;
                var end = tokens[reading.Last].FoldedEnd;
                Keep(Complete(text, reading.Value, start, end, nouns), start, end);
                i = reading.Last;
            }
        }

        // "7,000 detainees on their way" in a heading and "up to 7,000 detainees" in the text are one
        // figure: the exact reading of a value also stated with a qualifier is the heading's shorthand.
        facts.RemoveAll(f => f.Qualifier == CountFact.Exact && facts.Any(o => o.Value == f.Value && o.Qualifier != CountFact.Exact));
        facts.Sort((a, b) => a.Start.CompareTo(b.Start));
        return facts;
    }

    private static CountFact? Read(MatchText text, int index, int length, List<PhraseMatch<CountedGroup>> nouns)
    {
        var f = text.Folded;
        var start = index;
        var end = index + length;
        var digits = f.AsSpan(index, length);

        if (NamesRatherThanCounts(f, start, end))
        {
            return null;
        }

        if (length > MaxDigitRun)
        {
            return null;
        }

        Span<char> raw = stackalloc char[length];
        var rawLength = 0;
        foreach (var c in digits)
        {
            if (c is not (',' or '٬'))
            {
                raw[rawLength++] = c == '٫' ? '.' : c;
            }
        }

        if (!decimal.TryParse(raw[..rawLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return null;
        }

        var next = WordAfter(f, end);
        var previous = WordBefore(f, start);
        var multiplier = 1L;
        var countEnd = end;
        var addend = 0L;
        if (next is { } n && Multipliers.TryGetValue(n.Word, out var times))
        {
            multiplier = times;
            countEnd = n.End;
            next = WordAfter(f, n.End);

            // "5 آلاف و700": the digits after و add to the thousands.
            if (AndDigits(f, n.End) is { } and && and.Value < times)
            {
                addend = and.Value;
                countEnd = and.End;
                next = WordAfter(f, and.End);
            }
        }

        var whole = number == decimal.Truncate(number);
        if (multiplier == 1 && !whole)
        {
            return null;
        }

        if (multiplier == 1 && number <= 31 && (IsMonth(next) || IsMonth(previous)))
        {
            return null;
        }

        var plain = !digits.ContainsAnyExceptInRange('0', '9');
        if (multiplier == 1 && plain && length == 4 && number is >= 1900 and <= 2100 && LooksLikeYear(f, start, end, previous, next))
        {
            return null;
        }

        // Long plain digit runs are identifiers (article numbers, phone numbers), not counts.
        if (multiplier == 1 && plain && length > MaxPlainDigits)
        {
            return null;
        }

        var value = (number * multiplier) + addend;
        if (value > long.MaxValue / 2)
        {
            return null;
        }

        return Complete(text, (long)value, start, countEnd, nouns);
    }

    /// <summary>
    /// Turns a number read at folded [<paramref name="start"/>, <paramref name="end"/>) into a count:
    /// none when it is money, a percentage or a length of time; otherwise with the qualifier before it,
    /// the word after it, and what it counts.
    /// </summary>
    private static CountFact? Complete(MatchText text, long value, int start, int end, List<PhraseMatch<CountedGroup>> nouns)
    {
        var f = text.Folded;
        var next = WordAfter(f, end);
        if (next is { } currency && (Currencies.Contains(currency.Word) || (currency.Word == "us" && WordAfter(f, currency.End) is { } d && Currencies.Contains(d.Word))))
        {
            return null;
        }

        if (next is { } percent && (PercentWords.Contains(percent.Word) || IsArabicPercent(f, percent)))
        {
            return null;
        }

        if (next is { Adjacent: true } unit && IsUnit(unit.Word))
        {
            return null;
        }

        var (qualifier, qualifierStart) = QualifierBefore(f, start);
        var textEnd = next is { } noun && noun.Adjacent ? noun.End : end;
        var (originalStart, originalEnd) = text.OriginalSpan(qualifierStart ?? start, textEnd);
        return new CountFact(value, qualifier, text.Original[originalStart..originalEnd])
        {
            What = WhatAfter(text, end, nouns),
            Start = originalStart,
        };
    }

    /// <summary>The earliest-listed counted group among the few words after a number, up to punctuation or another number.</summary>
    private static string? WhatAfter(MatchText text, int end, List<PhraseMatch<CountedGroup>> nouns)
    {
        if (nouns.Count == 0)
        {
            return null;
        }

        var tokens = text.Tokens;
        var first = 0;
        while (first < tokens.Count && tokens[first].FoldedStart < end)
        {
            first++;
        }

        var stop = first;
        while (stop < tokens.Count && stop - first < WhatWindow)
        {
            var gapStart = stop == 0 ? 0 : tokens[stop - 1].FoldedEnd;
            var gapFrom = stop == first ? end : gapStart;
            var gap = text.Folded.AsSpan(gapFrom, Math.Max(0, tokens[stop].FoldedStart - gapFrom));
            if (gap.IndexOfAny(PhraseBreaks) >= 0 || char.IsDigit(tokens[stop].Text[0]))
            {
                break;
            }

            stop++;
        }

        CountedGroup? best = null;
        foreach (var noun in nouns)
        {
            if (noun.FirstToken >= first && noun.FirstToken < stop && (best is null || noun.Tag.Priority < best.Priority))
            {
                best = noun.Tag;
            }
        }

        return best?.What;
    }

    /// <summary>Digits joined by و right after a multiplier ("آلاف و700"): their value and where they end.</summary>
    private static (long Value, int End)? AndDigits(string f, int from)
    {
        var i = from;
        while (i < f.Length && f[i] == ' ')
        {
            i++;
        }

        if (i >= f.Length || f[i] != 'و')
        {
            return null;
        }

        i++;
        while (i < f.Length && f[i] == ' ')
        {
            i++;
        }

        var start = i;
        long value = 0;
        while (i < f.Length && char.IsAsciiDigit(f[i]) && i - start < 6)
        {
            value = (value * 10) + (f[i] - '0');
            i++;
        }

        return i > start && (i >= f.Length || !char.IsAsciiDigit(f[i])) ? (value, i) : null;
    }

    /// <summary>True when the digits at <paramref name="at"/> follow "آلاف و" and were read with the thousands before them.</summary>
    private static bool AfterThousandsAnd(string f, int at)
    {
        var i = at - 1;
        while (i >= 0 && f[i] == ' ')
        {
            i--;
        }

        if (i < 0 || f[i] != 'و')
        {
            return false;
        }

        i--;
        while (i >= 0 && f[i] == ' ')
        {
            i--;
        }

        var end = i + 1;
        while (i >= 0 && char.IsLetter(f[i]))
        {
            i--;
        }

        if (end <= i + 1 || !Multipliers.TryGetValue(f[(i + 1)..end], out var times))
        {
            return false;
        }

        // Only when digits stand before the multiplier (5 آلاف و700); "ألف و500" alone is read from words.
        var j = i;
        while (j >= 0 && f[j] == ' ')
        {
            j--;
        }

        return j >= 0 && char.IsAsciiDigit(f[j]) && AndDigits(f, end) is { } and && and.Value < times;
    }

    /// <summary>True when the word after a number says "more of the same": "up to 7,000 more", "7 آلاف آخرين".</summary>
    private static bool IsMore(string f, int end) =>
        WordAfter(f, end) is { } next && (MoreWords.Contains(next.Word)
            || (Multipliers.ContainsKey(next.Word) && WordAfter(f, next.End) is { } after && MoreWords.Contains(after.Word)));

    /// <summary>The words as the folded text spells them (دقائق → دقاءق), so the lists can be written as people spell them.</summary>
    private static HashSet<string> Folded(HashSet<string> words) => new(words.Select(MatchText.FoldString), StringComparer.Ordinal);

    private static Dictionary<string, long> Folded(Dictionary<string, long> words) =>
        words.ToDictionary(w => MatchText.FoldString(w.Key), w => w.Value, StringComparer.Ordinal);

    private static bool IsUnit(string word) =>
        Units.Contains(word) || (word.Length > 3 && word[0] is 'و' or 'ب' or 'ل' && Units.Contains(word[1..]));

    /// <summary>
    /// Part of a code or a name (F-16, 90th, No. 7, #3, a call such as alert(6), an address such as
    /// 127.0.0.1), a currency amount ($90), or a percentage.
    /// </summary>
    private static bool NamesRatherThanCounts(string f, int start, int end)
    {
        if (InDottedCode(f, start, end))
        {
            return true;
        }

        if (start > 0)
        {
            var before = f[start - 1];
            if (char.IsAsciiLetter(before) || before is '#' or '$' or '€' or '£')
            {
                return true;
            }

            if (before is '(' && start > 1 && (char.IsAsciiLetterOrDigit(f[start - 2]) || f[start - 2] == '_'))
            {
                return true;
            }

            if (before is '-' && start > 1 && char.IsAsciiLetter(f[start - 2]))
            {
                return true;
            }

            var i = start - 1;
            while (i >= 0 && f[i] == ' ')
            {
                i--;
            }

            if (i >= 0 && f[i] is '$' or '€' or '£')
            {
                return true;
            }

            if (WordBefore(f, start) is { } word && NumberNames.Contains(word.Word.TrimStart('و', 'ب', 'ل')))
            {
                return true;
            }
        }

        if (end < f.Length && char.IsAsciiLetter(f[end]))
        {
            return true;
        }

        var j = end;
        while (j < f.Length && f[j] == ' ')
        {
            j++;
        }

        return j < f.Length && f[j] is '%' or '٪';
    }

    private static bool IsArabicPercent(string f, (string Word, int End, bool Adjacent) word) =>
        word.Word == "في" && WordAfter(f, word.End) is { } next && Hundredths.Contains(next.Word);

    private static bool IsMonth((string Word, int End, bool Adjacent)? word) => word is { } w && Months.Contains(w.Word);

    private static bool IsMonth((string Word, int Start)? word) =>
        word is { } w && (Months.Contains(w.Word) || (w.Word.Length > 3 && w.Word[0] is 'و' or 'ف' or 'ب' && Months.Contains(w.Word[1..])));

    /// <summary>A four-digit number from 1900 to 2100 that stands alone, follows a year word, or is part of a range.</summary>
    private static bool LooksLikeYear(string f, int start, int end, (string Word, int Start)? previous, (string Word, int End, bool Adjacent)? next)
    {
        if (next is not { Adjacent: true })
        {
            return true;
        }

        if (previous is { } p && (YearWords.Contains(p.Word) || Months.Contains(p.Word) || (p.Word.Length > 2 && p.Word[0] is 'و' or 'ف' or 'ب' or 'ل' && YearWords.Contains(p.Word[1..]))))
        {
            return true;
        }

        var dashBefore = start > 1 && f[start - 1] is '-' or '–' or '/' && char.IsAsciiDigit(f[start - 2]);
        var dashAfter = end + 1 < f.Length && f[end] is '-' or '–' or '/' && char.IsAsciiDigit(f[end + 1]);
        return dashBefore || dashAfter;
    }

    /// <summary>The qualifier that ends right before the number, and where it starts.</summary>
    private static (string Qualifier, int? Start) QualifierBefore(string f, int start)
    {
        var end = start;
        while (end > 0 && (f[end - 1] == ' ' || IsQuote(f[end - 1])))
        {
            end--;
        }

        foreach (var (phrase, qualifier) in Qualifiers)
        {
            var at = end - phrase.Length;
            if (at < 0 || string.CompareOrdinal(f, at, phrase, 0, phrase.Length) != 0)
            {
                continue;
            }

            if (!StartsWord(f, at, phrase))
            {
                continue;
            }

            if (phrase == "over" && WordBefore(f, at) is { } verb && OverVerbs.Contains(verb.Word))
            {
                continue;
            }

            return (qualifier, at);
        }

        return (CountFact.Exact, null);
    }

    /// <summary>True when the phrase at <paramref name="at"/> is not the tail of a longer word (an Arabic و ف ب ل before it is allowed).</summary>
    private static bool StartsWord(string f, int at, string phrase)
    {
        if (at == 0 || !char.IsLetter(f[at - 1]))
        {
            return true;
        }

        return MatchText.IsArabicLetter(phrase[0]) && f[at - 1] is 'و' or 'ف' or 'ب' or 'ل' && (at == 1 || !char.IsLetter(f[at - 2]));
    }

    /// <summary>The next word, whether only spaces and quotes (no other punctuation) separate it, and where it ends.</summary>
    private static (string Word, int End, bool Adjacent)? WordAfter(string f, int from)
    {
        var i = from;
        var adjacent = true;
        while (i < f.Length && !char.IsLetter(f[i]))
        {
            if (char.IsDigit(f[i]) || f[i] is '.' or ',' or '،' or ';' or '؛' or ':' or '(' or ')' or '\n' or '?' or '!' or '؟')
            {
                return null;
            }

            if (f[i] != ' ' && !IsQuote(f[i]))
            {
                adjacent = false;
            }

            i++;
        }

        if (i >= f.Length)
        {
            return null;
        }

        var start = i;
        while (i < f.Length && char.IsLetter(f[i]))
        {
            i++;
        }

        return (f[start..i], i, adjacent);
    }

    private static (string Word, int Start)? WordBefore(string f, int before)
    {
        var i = before - 1;
        while (i >= 0 && (f[i] == ' ' || f[i] == '(' || IsQuote(f[i])))
        {
            i--;
        }

        var end = i + 1;
        while (i >= 0 && char.IsLetter(f[i]))
        {
            i--;
        }

        return end > i + 1 ? (f[(i + 1)..end], i + 1) : null;
    }

    private static bool IsQuote(char c) => c is '"' or '\'' or '«' or '»' or '“' or '”' or '‘' or '’';

    private static bool Overlaps(List<(int Start, int End)> spans, int start, int end)
    {
        foreach (var (spanStart, spanEnd) in spans)
        {
            if (start < spanEnd && end > spanStart)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True inside a run of digits with three dots or more (an IP address, a version number): never a count.</summary>
    private static bool InDottedCode(string f, int start, int end)
    {
        var from = start;
        while (from > 0 && (char.IsAsciiDigit(f[from - 1]) || (f[from - 1] == '.' && from > 1 && char.IsAsciiDigit(f[from - 2]))))
        {
            from--;
        }

        var to = end;
        while (to < f.Length && (char.IsAsciiDigit(f[to]) || (f[to] == '.' && to + 1 < f.Length && char.IsAsciiDigit(f[to + 1]))))
        {
            to++;
        }

        return f.AsSpan(from, to - from).Count('.') >= 3;
    }

    /// <summary>True inside a date or time written with digits only (2026-01-23, 23/01/2026, 10:30): none of their numbers count.</summary>
    private static bool InDateOrTime(string f, int start, int end)
    {
        // Only the run of digits and date punctuation around the number can hold the date.
        var from = start;
        while (from > 0 && IsDatePart(f[from - 1]))
        {
            from--;
        }

        var to = end;
        while (to < f.Length && IsDatePart(f[to]))
        {
            to++;
        }

        if (from == start && to == end)
        {
            return false;
        }

        foreach (var m in DatePattern().EnumerateMatches(f.AsSpan(from, to - from)))
        {
            if (from + m.Index < end && from + m.Index + m.Length > start)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDatePart(char c) => char.IsAsciiDigit(c) || c is '-' or '/' or '.' or ':';

    [GeneratedRegex(@"(?<!\d)(?:\d{1,3}(?:[,٬]\d{3})+|\d+)(?:[.٫]\d+)?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"(?<!\d)(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?)(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();
}
