using System.Text.Json.Serialization;

namespace Monitor.Core.Developments;

/// <summary>
/// The features of a pair of articles that the join score weighs. Each is a number in [0, 1]; the
/// score is the topic's bias plus each feature times its weight (a logit).
/// </summary>
public enum JoinFeature
{
    /// <summary>Same language: the estimated share of three-word shingles they have in common, doubled and capped at 1 (one wire story, rewritten).</summary>
    NearDuplicate,

    /// <summary>A significant amount in both leads, close (2,250 and 2,225) and counting the same thing.</summary>
    SameLeadFigure,

    /// <summary>A significant amount anywhere in both texts, close and counting the same thing.</summary>
    SameFigure,

    /// <summary>How many different figures (amounts and ceilings) both state: a third for each, up to three. One may be background; three rarely are.</summary>
    SharedFigures,

    /// <summary>The same ceiling ("up to 7,000") in both: weak, since reports of every batch repeat it.</summary>
    SameCeiling,

    /// <summary>Both state amounts of the same thing and none of them is close: different numbers of one kind.</summary>
    FigureClash,

    /// <summary>Specific places and actors both leads name (a third for each, up to three).</summary>
    SharedLeadEntities,

    /// <summary>Specific places and actors both texts name (a quarter for each, up to four).</summary>
    SharedEntities,

    /// <summary>Jaccard similarity of the specific places and actors of the two texts.</summary>
    EntityOverlap,

    /// <summary>Both leads name specific places or actors, and none in common: their news is about different things.</summary>
    LeadEntitiesDisjoint,

    /// <summary>Themes both leads name (a convoy, a court, a memorandum…; a third for each, up to three): across languages.</summary>
    SharedLeadThemes,

    /// <summary>Both leads name actors, and none in common: different people or bodies speak or act.</summary>
    LeadActorsDisjoint,

    /// <summary>One of them is a statement whose speaker (the first actor or country its lead names) the other's lead does not name: a reaction by someone else is its own development.</summary>
    OtherSpeaker,

    /// <summary>Jaccard similarity of the themes the two texts name.</summary>
    ThemeOverlap,

    /// <summary>Both leads name themes, and none in common: one tells of a convoy, the other of a court.</summary>
    LeadThemesDisjoint,

    /// <summary>Same language: Jaccard similarity of the two titles' words.</summary>
    TitleOverlap,

    /// <summary>The classifier gave both the same type (not "other").</summary>
    SameType,

    /// <summary>Their types are a pair the topic calls incompatible (a handover and a repatriation).</summary>
    TypeClash,

    /// <summary>Both dated, at most 12 hours apart.</summary>
    Within12Hours,

    /// <summary>Both dated, at most 36 hours apart.</summary>
    Within36Hours,

    /// <summary>Both dated, more than 72 hours apart.</summary>
    Beyond72Hours,

    /// <summary>One of them has no known time: the time features say nothing, and this offsets their absence.</summary>
    Undated,

    /// <summary>
    /// One is a teaser and the other a full story of the same page, or of the same outlet within a
    /// day, and they tell the same news (a theme, a specific place or actor, or a figure of their
    /// leads in common, or alike titles): a teaser's title and lede are thin, so less has to agree.
    /// </summary>
    TeaserOfStory,
}

/// <summary>
/// How a topic's articles are grouped into developments: the weights of the join score (fitted on
/// the team's labelled set, see <c>monitor eval --fit</c>), the thresholds, and the facts that keep
/// two articles apart whatever else they share (cannot-link). Read from the topic file's
/// <c>grouping</c> section; <see cref="Default"/> when it has none.
/// </summary>
public sealed class GroupingRules
{
    /// <summary>The score of a pair that shares nothing.</summary>
    public double Bias { get; init; } = -4.0;

    /// <summary>Score at or above which two dated articles are joined.</summary>
    public double Threshold { get; init; }

    /// <summary>Score at or above which a pair with an undated article is joined: content alone must be stronger.</summary>
    public double UndatedThreshold { get; init; } = 2.0;

    /// <summary>Two dated articles further apart than this are never one development.</summary>
    public double MaxGapHours { get; init; } = 168;

    /// <summary>A teaser and a full story of the same outlet at most this far apart can be one (<see cref="JoinFeature.TeaserOfStory"/>).</summary>
    public const double TeaserGapHours = 24;

    /// <summary>
    /// Least mean join probability over every pair of two developments for them to merge: one
    /// strong link is not enough to glue two groups that otherwise disagree (no chains).
    /// </summary>
    public double MinAverageLink { get; init; } = 0.3;

    /// <summary>Two amounts are close (the same fact told differently) when they differ by at most this share of the larger.</summary>
    public double CloseFigures { get; init; } = 0.03;

    /// <summary>Amounts at most this many apart are close whatever their share (40 and 42 people: one group, counted by two sources).</summary>
    public long CloseFiguresBy { get; init; } = 2;

    /// <summary>Smallest amount that ties or separates two articles; smaller ones are too common.</summary>
    public long SignificantFigure { get; init; } = 20;

    /// <summary>When true, two articles whose leads state different amounts of the same thing are never one development.</summary>
    public bool LeadFiguresCannotLink { get; init; } = true;

    /// <summary>
    /// When true, two statements whose speakers differ (the first actor or country each lead
    /// names), neither named in the other's lead, are never one development: two reactions.
    /// </summary>
    public bool SpeakersCannotLink { get; init; } = true;

    public IReadOnlyDictionary<JoinFeature, double> Weights { get; init; } = DefaultWeights;

    /// <summary>Places too wide to tell one event from another (Iraq, Syria).</summary>
    public IReadOnlySet<string> WidePlaces { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "iraq", "syria", "baghdad", "damascus", "north-east-syria" };

    /// <summary>
    /// Places of which a development has one: when two leads each name some of them and none in
    /// common (Kazakhstan and Kyrgyzstan repatriating), they are two developments.
    /// </summary>
    public IReadOnlySet<string> ExclusivePlaces { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Pairs of types that are not one development (each pair in both orders).</summary>
    public IReadOnlySet<(string, string)> IncompatibleTypes { get; init; } = new HashSet<(string, string)>();

    /// <summary>
    /// Weights used when a topic file gives none, and what fitting starts from and is drawn back to
    /// where the labelled pairs say little (a rewrite of one wire story is one development, however
    /// rare rewrites are in a labelled set).
    /// </summary>
    public static IReadOnlyDictionary<JoinFeature, double> DefaultWeights { get; } = new Dictionary<JoinFeature, double>
    {
        [JoinFeature.NearDuplicate] = 6.0,
        [JoinFeature.SameLeadFigure] = 4.0,
        [JoinFeature.SameFigure] = 1.5,
        [JoinFeature.SharedFigures] = 1.0,
        [JoinFeature.SameCeiling] = 0.5,
        [JoinFeature.FigureClash] = -2.0,
        [JoinFeature.SharedLeadEntities] = 1.5,
        [JoinFeature.SharedEntities] = 1.0,
        [JoinFeature.EntityOverlap] = 1.5,
        [JoinFeature.LeadEntitiesDisjoint] = -1.0,
        [JoinFeature.LeadActorsDisjoint] = -0.5,
        [JoinFeature.OtherSpeaker] = -0.5,
        [JoinFeature.SharedLeadThemes] = 1.0,
        [JoinFeature.ThemeOverlap] = 1.0,
        [JoinFeature.LeadThemesDisjoint] = -1.0,
        [JoinFeature.TitleOverlap] = 3.0,
        [JoinFeature.SameType] = 1.0,
        [JoinFeature.TypeClash] = -2.0,
        [JoinFeature.Within12Hours] = 1.0,
        [JoinFeature.Within36Hours] = 1.0,
        [JoinFeature.Beyond72Hours] = -2.0,
        [JoinFeature.Undated] = 1.0,
        [JoinFeature.TeaserOfStory] = 4.0,
    };

    public static GroupingRules Default { get; } = new();

    /// <summary>These rules with another bias, weights and thresholds (for fitting).</summary>
    public GroupingRules With(double bias, IReadOnlyDictionary<JoinFeature, double> weights, double threshold, double undatedThreshold, double minAverageLink) => new()
    {
        Bias = bias,
        Weights = weights,
        Threshold = threshold,
        UndatedThreshold = undatedThreshold,
        MinAverageLink = minAverageLink,
        MaxGapHours = MaxGapHours,
        CloseFigures = CloseFigures,
        CloseFiguresBy = CloseFiguresBy,
        SignificantFigure = SignificantFigure,
        LeadFiguresCannotLink = LeadFiguresCannotLink,
        SpeakersCannotLink = SpeakersCannotLink,
        WidePlaces = WidePlaces,
        ExclusivePlaces = ExclusivePlaces,
        IncompatibleTypes = IncompatibleTypes,
    };

    /// <summary>The weight of a feature (0 when the rules give none).</summary>
    public double Weight(JoinFeature feature) => Weights.TryGetValue(feature, out var w) ? w : 0;

    /// <summary>True when the two types cannot be one development.</summary>
    public bool Incompatible(string a, string b) => IncompatibleTypes.Contains((a, b)) || IncompatibleTypes.Contains((b, a));

    /// <summary>Reads and checks a topic file's <c>grouping</c> section; problems are added to <paramref name="problems"/>.</summary>
    public static GroupingRules Read(GroupingFile? file, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (file is null)
        {
            return Default;
        }

        var weights = new Dictionary<JoinFeature, double>(DefaultWeights);
        foreach (var (name, value) in file.Weights ?? [])
        {
            if (!Enum.TryParse<JoinFeature>(name, ignoreCase: true, out var feature) || char.IsDigit(name[0]))
            {
                problems.Add($"grouping.weights: unknown feature \"{name}\"; known: {string.Join(", ", Enum.GetValues<JoinFeature>().Select(FeatureName))}.");
                continue;
            }

            if (!double.IsFinite(value) || Math.Abs(value) > 100)
            {
                problems.Add($"grouping.weights.{name}: must be a number between -100 and 100.");
                continue;
            }

            weights[feature] = value;
        }

        var rules = new GroupingRules
        {
            Bias = file.Bias ?? Default.Bias,
            Threshold = file.Threshold ?? Default.Threshold,
            UndatedThreshold = file.UndatedThreshold ?? Default.UndatedThreshold,
            MaxGapHours = file.MaxGapHours ?? Default.MaxGapHours,
            MinAverageLink = file.MinAverageLink ?? Default.MinAverageLink,
            CloseFigures = file.CloseFigures ?? Default.CloseFigures,
            CloseFiguresBy = file.CloseFiguresBy ?? Default.CloseFiguresBy,
            SignificantFigure = file.SignificantFigure ?? Default.SignificantFigure,
            LeadFiguresCannotLink = file.LeadFiguresCannotLink ?? Default.LeadFiguresCannotLink,
            SpeakersCannotLink = file.SpeakersCannotLink ?? Default.SpeakersCannotLink,
            Weights = weights,
            WidePlaces = file.WidePlaces is { } wide ? new HashSet<string>(wide, StringComparer.Ordinal) : Default.WidePlaces,
            ExclusivePlaces = new HashSet<string>(file.ExclusivePlaces ?? [], StringComparer.Ordinal),
            IncompatibleTypes = new HashSet<(string, string)>((file.IncompatibleTypes ?? []).Where(p => p.Count == 2).Select(p => (p[0], p[1]))),
        };

        if (rules.UndatedThreshold < rules.Threshold)
        {
            problems.Add("grouping.undatedThreshold must not be below grouping.threshold: an undated article joins by content alone, under a stricter score.");
        }

        if (rules.MaxGapHours is <= 0 or > 24 * 60)
        {
            problems.Add("grouping.maxGapHours must be between 0 and 1440 (60 days).");
        }

        if (rules.MinAverageLink is < 0 or >= 1 || rules.CloseFigures is < 0 or > 0.5 || rules.SignificantFigure < 1 || rules.CloseFiguresBy < 0 || rules.CloseFiguresBy >= rules.SignificantFigure)
        {
            problems.Add("grouping: minAverageLink must be in [0, 1), closeFigures in [0, 0.5], significantFigure at least 1 and closeFiguresBy from 0 to below significantFigure.");
        }

        if ((file.IncompatibleTypes ?? []).Any(p => p.Count != 2))
        {
            problems.Add("grouping.incompatibleTypes: each entry is a pair of types, [\"a\", \"b\"].");
        }

        return rules;
    }

    /// <summary>A feature's name as the topic file writes it (camelCase).</summary>
    public static string FeatureName(JoinFeature feature)
    {
        var name = feature.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>The <c>grouping</c> section of a topic file, as written.</summary>
    public sealed class GroupingFile
    {
        public double? Bias { get; set; }

        public double? Threshold { get; set; }

        public double? UndatedThreshold { get; set; }

        public double? MaxGapHours { get; set; }

        public double? MinAverageLink { get; set; }

        public double? CloseFigures { get; set; }

        public long? CloseFiguresBy { get; set; }

        public long? SignificantFigure { get; set; }

        public bool? LeadFiguresCannotLink { get; set; }

        public bool? SpeakersCannotLink { get; set; }

        public Dictionary<string, double>? Weights { get; set; }

        public List<string>? WidePlaces { get; set; }

        public List<string>? ExclusivePlaces { get; set; }

        public List<List<string>>? IncompatibleTypes { get; set; }

        /// <summary>Where the weights came from (a comment for people; not read).</summary>
        [JsonPropertyName("fitted")]
        public string? Fitted { get; set; }
    }
}
