using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Monitor.Core.Classification;

/// <summary>What a group of terms says about an article.</summary>
public enum TermRole
{
    /// <summary>Something is done to detainees: transferred, handed over, received, repatriated.</summary>
    Action,

    /// <summary>Who or what it is done to: detainees, prisoners, camps, prisons.</summary>
    Subject,

    /// <summary>The setting that makes an action on a subject this topic's story: ISIS, Syria, Iraq, the SDF.</summary>
    Context,

    /// <summary>A different story that uses the same words: Hezbollah, Hamas hostages, an arms sale.</summary>
    Disqualifying,

    /// <summary>A phrase whose words must not count, such as "نقلت وكالة" ("the agency reported").</summary>
    Ignore,
}

/// <summary>Words for one idea, in both languages, with the role and weight they carry.</summary>
public sealed class TopicTermGroup
{
    /// <summary>A short label for people reading the topic file.</summary>
    public string? Name { get; init; }

    public required TermRole Role { get; init; }

    /// <summary>How much a match adds (or, for disqualifying terms, takes away).</summary>
    public required double Weight { get; init; }

    /// <summary>The phrases, English and Arabic together; a word ending in * matches any ending.</summary>
    public required IReadOnlyList<string> Terms { get; init; }
}

/// <summary>Words that say what a number counts, under the name a count's <c>what</c> takes.</summary>
public sealed class TopicCountedGroup
{
    /// <summary>The canonical name: "detainees", "families", "women_and_children"…</summary>
    public required string What { get; init; }

    public required IReadOnlyList<string> Terms { get; init; }
}

/// <summary>
/// One kind of development a relevant article may report ("transfer", "statement"…), recognised by
/// its cue phrases: each distinct cue adds its weight once (twice in the title), and
/// <see cref="CountBonus"/> is added when the article states a count of people that is not a ceiling.
/// </summary>
public sealed class TopicType
{
    public required string Type { get; init; }

    public double Weight { get; init; } = 1.0;

    public double CountBonus { get; init; }

    public required IReadOnlyList<string> Terms { get; init; }
}

/// <summary>The numbers that turn matched terms into a score between 0 and 1.</summary>
public sealed class TopicScoring
{
    /// <summary>Starting point of the weighted sum; negative, so an article must earn its relevance.</summary>
    public double Bias { get; init; } = -3.5;

    /// <summary>Most that context terms can add together.</summary>
    public double ContextCap { get; init; } = 2.0;

    /// <summary>Added for each further action that has a subject near it.</summary>
    public double ExtraPairWeight { get; init; } = 0.5;

    /// <summary>How many further pairs count.</summary>
    public int MaxExtraPairs { get; init; } = 2;

    /// <summary>Most that disqualifying terms can take away.</summary>
    public double DisqualifyingCap { get; init; } = 3.0;

    /// <summary>Share of the disqualifying penalty applied when an action and a subject do meet.</summary>
    public double DisqualifyingWithPair { get; init; } = 0.5;

    /// <summary>
    /// Highest score of an article where no action meets a subject, or whose context terms weigh less
    /// than <see cref="MinContext"/>; keep it under the threshold.
    /// </summary>
    public double NoPairCeiling { get; init; } = 0.35;

    /// <summary>
    /// Least weight of context terms (before <see cref="ContextCap"/>) an article needs to be relevant:
    /// a prisoner moved between two prisons in Ohio is not this story, however well action and subject meet.
    /// </summary>
    public double MinContext { get; init; }

    /// <summary>Most evidence spans kept per topic.</summary>
    public int MaxEvidence { get; init; } = 25;
}

/// <summary>
/// One topic the classifier scores articles against, read from a JSON file in the topics folder:
/// weighted bilingual terms grouped by role, a window in which an action must meet a subject,
/// a threshold, and a small gazetteer of the places and actors the topic's stories name.
/// </summary>
public sealed partial class TopicProfile
{
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>Score at or above which an article is relevant.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Most words between an action and a subject for the two to count as one statement.</summary>
    public int Window { get; init; } = 12;

    public TopicScoring Scoring { get; init; } = new();

    public IReadOnlyList<TopicTermGroup> TermGroups { get; init; } = [];

    /// <summary>What counts count, ranked: when several groups follow a number, the earlier one names it.</summary>
    public IReadOnlyList<TopicCountedGroup> Counted { get; init; } = [];

    /// <summary>The kinds of development, in order of precedence when two score the same.</summary>
    public IReadOnlyList<TopicType> Types { get; init; } = [];

    /// <summary>
    /// Phrases that say who or what a story is about, not what happened: "detainees moved from
    /// Syria", "المعتقلين الذين نقلوا". A type cue inside one of them ("moved") does not count.
    /// </summary>
    public IReadOnlyList<string> TypeBackground { get; init; } = [];

    /// <summary>Canonical place id → the names it goes by, in both languages.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Places { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Canonical actor id → the names it goes by, in both languages.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Actors { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Theme id → the words that name it in both languages (a convoy, a court, a memorandum, a
    /// visit…): what kind of news an article tells, so that reports in different languages can be
    /// compared by what they are about.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Themes { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>How the topic's relevant articles are grouped into developments.</summary>
    public Developments.GroupingRules Grouping { get; init; } = Developments.GroupingRules.Default;

    /// <summary>What its developments' fact lines are written with: names of its places and actors in both languages, openings, counted words.</summary>
    public Developments.FactLinePhrases FactLines { get; init; } = Developments.FactLinePhrases.None;

    /// <summary>Reads and checks a topic file; every problem is named with where it is.</summary>
    public static TopicProfile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Topic file not found: {path}");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads and checks the JSON of a topic file; <paramref name="origin"/> names it in errors.</summary>
    public static TopicProfile Parse(string json, string origin)
    {
        TopicFile? file;
        try
        {
            file = JsonSerializer.Deserialize<TopicFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Topic file {origin} is not valid JSON: {e.Message}", e);
        }

        if (file is null)
        {
            throw new InvalidDataException($"Topic file {origin} is empty.");
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(file.Id) || !IdPattern().IsMatch(file.Id))
        {
            problems.Add("\"id\" must be lower-case letters, digits and dashes, 1 to 63 characters.");
        }

        if (string.IsNullOrWhiteSpace(file.Name))
        {
            problems.Add("\"name\" is required.");
        }

        if (file.Threshold is <= 0 or >= 1)
        {
            problems.Add("\"threshold\" must be between 0 and 1 (exclusive).");
        }

        if (file.Window is < 1 or > 100)
        {
            problems.Add("\"window\" must be between 1 and 100 words.");
        }

        var scoring = file.Scoring ?? new TopicScoring();
        if (scoring.NoPairCeiling >= file.Threshold)
        {
            problems.Add("\"scoring.noPairCeiling\" must be below \"threshold\": without an action meeting a subject, an article cannot be relevant.");
        }

        if (scoring.MaxEvidence is < 1 or > 1000 || scoring.MaxExtraPairs < 0 || scoring.ContextCap < 0 || scoring.DisqualifyingCap < 0 || scoring.MinContext < 0)
        {
            problems.Add("\"scoring\" values must not be negative, and \"maxEvidence\" must be between 1 and 1000.");
        }

        var groups = new List<TopicTermGroup>();
        var entries = file.Terms ?? [];
        for (var i = 0; i < entries.Count; i++)
        {
            var g = entries[i];
            var where = $"terms[{i}]{(string.IsNullOrWhiteSpace(g.Name) ? "" : $" ({g.Name})")}";
            var terms = (g.En ?? []).Concat(g.Ar ?? []).Concat(g.Terms ?? []).ToList();
            if (g.Role is null)
            {
                problems.Add($"{where}: \"role\" must be one of action, subject, context, disqualifying, ignore.");
            }

            var weightOk = g.Role == TermRole.Ignore ? g.Weight is null or > 0 : g.Weight is > 0;
            if (!weightOk)
            {
                problems.Add($"{where}: \"weight\" must be a positive number.");
            }

            if (terms.Count == 0)
            {
                problems.Add($"{where}: no terms in \"en\", \"ar\" or \"terms\".");
            }

            foreach (var term in terms)
            {
                if (!IsValidTerm(term))
                {
                    problems.Add($"{where}: the term \"{term}\" has no word, or a * that is not at the end of a word.");
                }
            }

            if (g.Role is { } role)
            {
                groups.Add(new TopicTermGroup { Name = g.Name, Role = role, Weight = g.Weight ?? 0, Terms = terms });
            }
        }

        if (!groups.Any(g => g.Role == TermRole.Action) || !groups.Any(g => g.Role == TermRole.Subject))
        {
            problems.Add("\"terms\" must have at least one action group and one subject group.");
        }

        var counted = new List<TopicCountedGroup>();
        for (var i = 0; i < (file.Counted ?? []).Count; i++)
        {
            var c = file.Counted![i];
            var terms = (c.En ?? []).Concat(c.Ar ?? []).ToList();
            if (string.IsNullOrWhiteSpace(c.What) || !NamePattern().IsMatch(c.What) || terms.Count == 0 || terms.Any(t => !IsValidTerm(t)))
            {
                problems.Add($"counted[{i}]: give \"what\" (lower-case letters and _) and at least one valid term in \"en\" or \"ar\".");
                continue;
            }

            counted.Add(new TopicCountedGroup { What = c.What, Terms = terms });
        }

        var types = new List<TopicType>();
        for (var i = 0; i < (file.Types ?? []).Count; i++)
        {
            var t = file.Types![i];
            var terms = (t.En ?? []).Concat(t.Ar ?? []).ToList();
            if (string.IsNullOrWhiteSpace(t.Type) || !NamePattern().IsMatch(t.Type) || terms.Count == 0 || terms.Any(x => !IsValidTerm(x)) || t.Weight is <= 0 || t.CountBonus < 0)
            {
                problems.Add($"types[{i}]: give \"type\" (lower-case letters and _), a positive \"weight\", a \"countBonus\" not below 0 and at least one valid term in \"en\" or \"ar\".");
                continue;
            }

            types.Add(new TopicType { Type = t.Type, Weight = t.Weight ?? 1.0, CountBonus = t.CountBonus, Terms = terms });
        }

        var background = (file.TypeBackground?.En ?? []).Concat(file.TypeBackground?.Ar ?? []).ToList();
        if (background.Any(x => !IsValidTerm(x)))
        {
            problems.Add("typeBackground: every phrase in \"en\" and \"ar\" must be a valid term.");
        }

        var places = Gazetteer(file.Places, "places", problems);
        var actors = Gazetteer(file.Actors, "actors", problems);
        var themes = Gazetteer(file.Themes, "themes", problems);
        var grouping = Developments.GroupingRules.Read(file.Grouping, problems);
        foreach (var place in file.Grouping is null ? [] : grouping.ExclusivePlaces.Concat(grouping.WidePlaces).Where(p => !places.ContainsKey(p)))
        {
            problems.Add($"grouping: the place \"{place}\" is not in \"places\".");
        }

        var factLines = Developments.FactLinePhrases.Read(file.FactLines, grouping.WidePlaces, problems);
        if (problems.Count > 0)
        {
            throw new InvalidDataException($"Topic file {origin} has errors:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        return new TopicProfile
        {
            Id = file.Id!,
            Name = file.Name!,
            Description = file.Description,
            Threshold = file.Threshold,
            Window = file.Window,
            Scoring = scoring,
            TermGroups = groups,
            Counted = counted,
            Types = types,
            TypeBackground = background,
            Places = places,
            Actors = actors,
            Themes = themes,
            Grouping = grouping,
            FactLines = factLines,
        };
    }

    private static Dictionary<string, IReadOnlyList<string>> Gazetteer(Dictionary<string, List<string>>? entries, string name, List<string> problems)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, names) in entries ?? [])
        {
            if (!IdPattern().IsMatch(id))
            {
                problems.Add($"{name}: the id \"{id}\" must be lower-case letters, digits and dashes.");
            }

            if (names is null || names.Count == 0 || names.Any(n => !IsValidTerm(n)))
            {
                problems.Add($"{name}.{id}: give at least one name, each with a word.");
                continue;
            }

            result[id] = names;
        }

        return result;
    }

    private static bool IsValidTerm(string? term)
    {
        if (string.IsNullOrWhiteSpace(term) || !term.Any(char.IsLetterOrDigit))
        {
            return false;
        }

        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] != '*')
            {
                continue;
            }

            var afterWord = i > 0 && (char.IsLetterOrDigit(term[i - 1]) || MatchText.IsIgnorable(term[i - 1]));
            var endsWord = i + 1 == term.Length || char.IsWhiteSpace(term[i + 1]);
            if (!afterWord || !endsWord)
            {
                return false;
            }
        }

        return true;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z_]{0,62}$")]
    private static partial Regex NamePattern();

    /// <summary>The topic file as written.</summary>
    public sealed class TopicFile
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? Description { get; set; }

        public double Threshold { get; set; } = 0.5;

        public int Window { get; set; } = 12;

        public TopicScoring? Scoring { get; set; }

        public List<TermGroupEntry>? Terms { get; set; }

        public List<CountedEntry>? Counted { get; set; }

        public List<TypeEntry>? Types { get; set; }

        public PhrasesEntry? TypeBackground { get; set; }

        public Dictionary<string, List<string>>? Places { get; set; }

        public Dictionary<string, List<string>>? Actors { get; set; }

        public Dictionary<string, List<string>>? Themes { get; set; }

        public Developments.GroupingRules.GroupingFile? Grouping { get; set; }

        public Developments.FactLinePhrases.FactLinesFile? FactLines { get; set; }
    }

    /// <summary>Phrases as written, English and Arabic apart.</summary>
    public sealed class PhrasesEntry
    {
        public List<string>? En { get; set; }

        public List<string>? Ar { get; set; }
    }

    /// <summary>One group of counted words as written.</summary>
    public sealed class CountedEntry
    {
        public string? What { get; set; }

        public List<string>? En { get; set; }

        public List<string>? Ar { get; set; }
    }

    /// <summary>One development type as written.</summary>
    public sealed class TypeEntry
    {
        public string? Type { get; set; }

        public double? Weight { get; set; }

        public double CountBonus { get; set; }

        public List<string>? En { get; set; }

        public List<string>? Ar { get; set; }
    }

    /// <summary>One group of terms as written: English and Arabic kept apart for the reader.</summary>
    public sealed class TermGroupEntry
    {
        public string? Name { get; set; }

        public TermRole? Role { get; set; }

        public double? Weight { get; set; }

        public List<string>? En { get; set; }

        public List<string>? Ar { get; set; }

        public List<string>? Terms { get; set; }
    }
}
