using System.Globalization;
using System.Text;

namespace Monitor.Core.Developments;

/// <summary>A place's or an actor's name in each reader's language.</summary>
/// <param name="En">The English name ("Hasakah", "al-Hol camp", "CENTCOM").</param>
/// <param name="Ar">The Arabic name ("الحسكة", "مخيم الهول", "القيادة المركزية الأمريكية").</param>
/// <param name="Side">
/// For a place, where it lies in the story: "from" (north-east Syria, where detainees are moved from),
/// "to" (Iraq, where they are moved to), "home" (a country its nationals return to); null for an actor.
/// </param>
public sealed record BilingualName(string En, string Ar, string? Side);

/// <summary>How a fact line opens for one development type, in each language.</summary>
/// <param name="En">The English opening, followed by a figure: "Transfer of".</param>
/// <param name="Ar">The Arabic opening, followed by a figure in the genitive or accusative: "نقل".</param>
/// <param name="What">What is counted (a <c>counted</c> name) when no figure is given: "Transfer of detainees".</param>
/// <param name="Route">"from_to" (from a "from" place to a "to" place), "from_home" (to a "home" country, else a "to" place), "at" (in the places named) or "none".</param>
/// <param name="Ceiling">True when its main figure is a ceiling ("up to 7,000"): a plan's.</param>
public sealed record FactLineType(string En, string Ar, string What, string Route, bool Ceiling);

/// <summary>
/// A counted word in each language, for each number: English "one" and "other"; Arabic by the CLDR
/// plural categories of the number ("one" 1, "two" 2, "few" 3–10, "many" 11–99, "other" 100, 101…,
/// by its last two digits), in the genitive (after a noun or a preposition, as fact lines put it). "{n}"
/// stands for the number; "plural" is the word alone ("detainees", "معتقلين").
/// </summary>
public sealed record CountedWords(IReadOnlyDictionary<string, string> En, IReadOnlyDictionary<string, string> Ar);

/// <summary>
/// What a topic's fact lines are written with (the topic file's <c>factLines</c>): a small bilingual
/// gazetteer of its places and actors, an opening per development type and the counted words.
/// </summary>
public sealed class FactLinePhrases
{
    public static readonly IReadOnlyList<string> EnglishForms = ["one", "other", "plural"];

    public static readonly IReadOnlyList<string> ArabicForms = ["one", "two", "few", "many", "other", "plural"];

    public static readonly IReadOnlyList<string> Sides = ["from", "to", "home"];

    public static readonly IReadOnlyList<string> Routes = ["from_to", "from_home", "at", "none"];

    public static FactLinePhrases None { get; } = new();

    /// <summary>Place or actor id → its names.</summary>
    public IReadOnlyDictionary<string, BilingualName> Names { get; init; } = new Dictionary<string, BilingualName>();

    /// <summary>Development type → how its line opens; "other" for developments of no type.</summary>
    public IReadOnlyDictionary<string, FactLineType> Types { get; init; } = new Dictionary<string, FactLineType>();

    /// <summary>What a count counts ("detainees"…) → its words.</summary>
    public IReadOnlyDictionary<string, CountedWords> Counted { get; init; } = new Dictionary<string, CountedWords>();

    /// <summary>Places too wide to say where (Iraq, Syria…): a route names a more specific place when it has one.</summary>
    public IReadOnlySet<string> WidePlaces { get; init; } = new HashSet<string>();

    /// <summary>Reads the topic file's section; every problem is added to <paramref name="problems"/>.</summary>
    public static FactLinePhrases Read(FactLinesFile? file, IEnumerable<string> widePlaces, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (file is null)
        {
            return None;
        }

        var names = new Dictionary<string, BilingualName>(StringComparer.Ordinal);
        foreach (var (id, entry) in file.Names ?? [])
        {
            if (string.IsNullOrWhiteSpace(entry?.En) || !HasArabic(entry.Ar) || (entry.Side is not null && !Sides.Contains(entry.Side)))
            {
                problems.Add($"factLines.names.{id}: give \"en\", \"ar\" (in Arabic letters) and, for a place, \"side\": {string.Join(", ", Sides)}.");
                continue;
            }

            names[id] = new BilingualName(entry.En.Trim(), entry.Ar!.Trim(), entry.Side);
        }

        var counted = new Dictionary<string, CountedWords>(StringComparer.Ordinal);
        foreach (var (what, entry) in file.Counted ?? [])
        {
            if (!Forms(entry?.En, EnglishForms) || !Forms(entry?.Ar, ArabicForms))
            {
                problems.Add($"factLines.counted.{what}: give \"en\" with {string.Join(", ", EnglishForms)} and \"ar\" with {string.Join(", ", ArabicForms)}; \"{{n}}\" stands for the number in every form but \"plural\" (and Arabic \"one\" and \"two\", which may spell it).");
                continue;
            }

            counted[what] = new CountedWords(entry!.En!, entry.Ar!);
        }

        var types = new Dictionary<string, FactLineType>(StringComparer.Ordinal);
        foreach (var (type, entry) in file.Types ?? [])
        {
            var route = entry?.Route ?? "from_to";
            if (string.IsNullOrWhiteSpace(entry?.En) || !HasArabic(entry.Ar) || entry.What is null || !counted.ContainsKey(entry.What) || !Routes.Contains(route))
            {
                problems.Add($"factLines.types.{type}: give \"en\", \"ar\", a \"what\" named in factLines.counted and a \"route\" ({string.Join(", ", Routes)}).");
                continue;
            }

            types[type] = new FactLineType(entry.En.Trim(), entry.Ar!.Trim(), entry.What, route, entry.Ceiling);
        }

        return new FactLinePhrases
        {
            Names = names,
            Types = types,
            Counted = counted,
            WidePlaces = widePlaces.ToHashSet(StringComparer.Ordinal),
        };

        static bool Forms(Dictionary<string, string>? forms, IReadOnlyList<string> required) =>
            forms is not null
            && required.All(f => forms.TryGetValue(f, out var text) && !string.IsNullOrWhiteSpace(text)
                && (f is "plural" or "one" or "two" || text.Contains("{n}", StringComparison.Ordinal)))
            && forms.Keys.All(required.Contains);
    }

    private static bool HasArabic(string? text) => text is not null && text.Any(c => c is >= '\u0600' and <= '\u06FF' && char.IsLetter(c));

    /// <summary>The topic file's <c>factLines</c> section as written.</summary>
    public sealed class FactLinesFile
    {
        public Dictionary<string, TypeEntry>? Types { get; set; }

        public Dictionary<string, CountedEntry>? Counted { get; set; }

        public Dictionary<string, NameEntry>? Names { get; set; }
    }

    public sealed class TypeEntry
    {
        public string? En { get; set; }

        public string? Ar { get; set; }

        public string? What { get; set; }

        public string? Route { get; set; }

        public bool Ceiling { get; set; }
    }

    public sealed class CountedEntry
    {
        public Dictionary<string, string>? En { get; set; }

        public Dictionary<string, string>? Ar { get; set; }
    }

    public sealed class NameEntry
    {
        public string? En { get; set; }

        public string? Ar { get; set; }

        public string? Side { get; set; }
    }
}

/// <summary>
/// A development's fact line: a short line generated from its facts (type, figures with their
/// qualifiers, from where to where, who), written in English and in Arabic from the topic's phrases,
/// for readers of a language none of its articles is written in. It is generated, not translated:
/// what it says comes from the facts the classifier read in the articles, never from their wording.
/// "Transfer of 150 detainees from Hasakah to Iraq; also up to 7,000 detainees — CENTCOM";
/// "نقل 150 معتقلاً من الحسكة إلى العراق، مع ذكر ما يصل إلى 7000 معتقل — القيادة المركزية الأمريكية".
/// </summary>
public static class FactLine
{
    /// <summary>The languages fact lines are written in.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "ar"];

    /// <summary>Most figures a line states; most actors it names.</summary>
    private const int MaxFigures = 3, MaxActors = 3;

    /// <summary>The development's line in each of <see cref="Languages"/>; empty when the topic has no phrases for its type.</summary>
    public static IReadOnlyDictionary<string, string> Of(Development development, FactLinePhrases phrases)
    {
        ArgumentNullException.ThrowIfNull(development);
        ArgumentNullException.ThrowIfNull(phrases);
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!phrases.Types.TryGetValue(development.Type, out var type) && !phrases.Types.TryGetValue(DevelopmentTypes.Other, out type))
        {
            return lines;
        }

        var figures = Figures(development, phrases, type);
        var (from, to, named) = Route(development, phrases, type.Route);
        var actors = development.Actors.Where(phrases.Names.ContainsKey).Take(MaxActors).Select(a => phrases.Names[a]).ToList();
        foreach (var language in Languages)
        {
            lines[language] = Write(language, type, figures, (from, to, named), actors, phrases);
        }

        return lines;
    }

    /// <summary>The figure in words of one language: "up to 7,000 detainees", "نحو 150 معتقلاً".</summary>
    public static string FigureText(string language, long value, string qualifier, CountedWords words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var arabic = language == "ar";
        var form = arabic ? ArabicCategory(value) : value == 1 ? "one" : "other";
        var number = arabic ? value.ToString(CultureInfo.InvariantCulture) : value.ToString("N0", CultureInfo.InvariantCulture);
        var counted = (arabic ? words.Ar : words.En)[form].Replace("{n}", number, StringComparison.Ordinal);
        return qualifier switch
        {
            "approx" => (arabic ? "نحو " : "about ") + counted,
            "up_to" => (arabic ? "ما يصل إلى " : "up to ") + counted,
            "at_least" => (arabic ? "ما لا يقل عن " : "at least ") + counted,
            _ => counted,
        };
    }

    /// <summary>The CLDR plural category of a whole number in Arabic: one, two, few (3–10), many (11–99), other (0, 100–102…), by its last two digits past 100.</summary>
    public static string ArabicCategory(long value) => value switch
    {
        1 => "one",
        2 => "two",
        _ => (value % 100) switch
        {
            >= 3 and <= 10 => "few",
            >= 11 and <= 99 => "many",
            _ => "other",
        },
    };

    /// <summary>
    /// The figures to state, main one first: each amount of a counted thing once (150 and "about 150"
    /// are one), the main one the most cited that is not a ceiling (for a plan, that is one).
    /// </summary>
    private static List<DevelopmentFigure> Figures(Development development, FactLinePhrases phrases, FactLineType type)
    {
        var distinct = development.Figures
            .Where(f => f.What is not null && phrases.Counted.ContainsKey(f.What))
            .DistinctBy(f => (f.Value, f.What))
            .ToList();
        var main = distinct.FirstOrDefault(f => (f.Qualifier == "up_to") == type.Ceiling) ?? distinct.FirstOrDefault();
        return main is null ? [] : [main, .. distinct.Where(f => f != main).Take(MaxFigures - 1)];
    }

    /// <summary>
    /// Where from and where to, by the sides of the places its articles name (most named first, specific
    /// before wide); for a line with no route, the specific places it names, in brackets.
    /// </summary>
    private static (List<BilingualName> From, List<BilingualName> To, List<BilingualName> Named) Route(Development development, FactLinePhrases phrases, string route)
    {
        var named = development.Places.Where(phrases.Names.ContainsKey)
            .OrderBy(p => phrases.WidePlaces.Contains(p) ? 1 : 0)
            .Select(p => (Id: p, Name: phrases.Names[p]))
            .ToList();
        List<BilingualName> First(params string[] sides) =>
            sides.Select(side => named.FirstOrDefault(n => n.Name.Side == side).Name).Where(n => n is not null).Take(1).ToList()!;
        return route switch
        {
            "from_to" => (First("from"), First("to"), []),
            "from_home" => (First("from"), First("home", "to"), []),
            "at" => ([.. named.Where(n => n.Name.Side == "from").Take(2).Select(n => n.Name)], [], []),
            _ => ([], [], [.. named.Where(n => !phrases.WidePlaces.Contains(n.Id)).Take(2).Select(n => n.Name)]),
        };
    }

    private static string Write(
        string language,
        FactLineType type,
        List<DevelopmentFigure> figures,
        (List<BilingualName> From, List<BilingualName> To, List<BilingualName> Named) places,
        List<BilingualName> actors,
        FactLinePhrases phrases)
    {
        var (from, to, named) = places;
        var arabic = language == "ar";
        string Name(BilingualName name) => arabic ? name.Ar : name.En;
        string Figure(DevelopmentFigure figure) => FigureText(language, figure.Value, figure.Qualifier, phrases.Counted[figure.What!]);
        string And(IEnumerable<string> items) => string.Join(arabic ? " و" : " and ", items);

        var line = new StringBuilder(arabic ? type.Ar : type.En).Append(' ');
        line.Append(figures.Count > 0 ? Figure(figures[0]) : (arabic ? phrases.Counted[type.What].Ar : phrases.Counted[type.What].En)["plural"]);
        if (type.Route == "at")
        {
            if (from.Count > 0)
            {
                line.Append(arabic ? " في " : " in ").Append(And(from.Select(Name)));
            }
        }
        else
        {
            foreach (var name in from)
            {
                line.Append(arabic ? " من " : " from ").Append(Name(name));
            }

            foreach (var name in to)
            {
                line.Append(arabic ? " إلى " : " to ").Append(Name(name));
            }
        }

        if (named.Count > 0)
        {
            line.Append(" (").Append(string.Join(arabic ? "، " : ", ", named.Select(Name))).Append(')');
        }

        if (figures.Count > 1)
        {
            line.Append(arabic ? "، مع ذكر " : "; also ").Append(And(figures.Skip(1).Select(Figure)));
        }

        if (actors.Count > 0)
        {
            line.Append(" — ").Append(string.Join(arabic ? "، " : ", ", actors.Select(Name)));
        }

        return line.ToString();
    }
}
