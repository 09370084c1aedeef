using System.Globalization;
using Monitor.Core.Classification;

namespace Monitor.Core.Developments;

/// <summary>What a pair of articles was scored: the join score, its features, and what keeps them apart if anything does.</summary>
/// <param name="Score">Bias plus weighted features: a logit, joined at or above the rules' threshold.</param>
/// <param name="Features">Each <see cref="JoinFeature"/>'s value, by its number.</param>
/// <param name="Apart">Why they can never be one development (different lead figures, another country, too far apart); null when nothing does.</param>
/// <param name="Undated">True when either has no known time: only content can join them.</param>
public sealed record PairScore(double Score, double[] Features, string? Apart, bool Undated)
{
    /// <summary>The score as a probability.</summary>
    public double Probability => 1 / (1 + Math.Exp(-Score));
}

/// <summary>
/// Scores whether two relevant articles report one development, from explainable features (see
/// <see cref="JoinFeature"/>) weighted by the topic's <see cref="GroupingRules"/>. Across languages
/// only canonical facts tie articles (figures with what they count, places, actors, type, time),
/// since their words differ. Symmetric: the score of (a, b) is the score of (b, a).
/// </summary>
public sealed class JoinScore
{
    private readonly GroupingRules rules;
    private readonly double[] weights;

    public JoinScore(GroupingRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        this.rules = rules;
        weights = [.. Enum.GetValues<JoinFeature>().Select(rules.Weight)];
    }

    public GroupingRules Rules => rules;

    /// <summary>What pair scoring needs of an article, worked out once.</summary>
    public Prepared Prepare(DevelopmentArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var entities = Specific(article.Places, article.Actors);
        var lead = Specific(article.LeadPlaces, article.LeadActors);
        var exclusive = new HashSet<string>(article.LeadPlaces.Where(rules.ExclusivePlaces.Contains), StringComparer.Ordinal);
        var amounts = new List<StatedFigure>();
        var leadAmounts = new List<StatedFigure>();
        var ceilings = new List<long>();
        foreach (var figure in article.Figures)
        {
            // A bare number (a year, a day, a law's number) says nothing of the event.
            if (figure.Value < rules.SignificantFigure || figure.What is null)
            {
                continue;
            }

            if (figure.Qualifier == CountFact.UpTo)
            {
                ceilings.Add(figure.Value);
                continue;
            }

            amounts.Add(figure);
            if (figure.Lead)
            {
                leadAmounts.Add(figure);
            }
        }

        // A total told as its parts, one of them too small to count alone: "eight women and 23
        // children" is 31 women and children.
        foreach (var part in article.Figures)
        {
            if (part.What is null || part.Qualifier == CountFact.UpTo || part.Value >= rules.SignificantFigure || part.Value <= 0)
            {
                continue;
            }

            foreach (var other in article.Figures)
            {
                var sum = part.Value + other.Value;
                if (ReferenceEquals(other, part) || other.What != part.What || other.Qualifier == CountFact.UpTo || other.Value == part.Value
                    || sum < rules.SignificantFigure || amounts.Exists(a => a.Value == sum && a.What == part.What))
                {
                    continue;
                }

                var total = new StatedFigure(sum, CountFact.Exact, part.What, $"{part.Text} + {other.Text}") { Lead = part.Lead && other.Lead };
                amounts.Add(total);
                if (total.Lead)
                {
                    leadAmounts.Add(total);
                }
            }
        }

        return new Prepared(article, entities, lead, exclusive, amounts, leadAmounts, ceilings, TitleWords(article.Title), new HashSet<string>(article.LeadThemes, StringComparer.Ordinal))
        {
            Themes = new HashSet<string>(article.Themes, StringComparer.Ordinal),
            LeadActors = new HashSet<string>(article.LeadActors, StringComparer.Ordinal),
            Speaker = article.Type == DevelopmentTypes.Statement ? SpeakerOf(article) : null,
        };
    }

    /// <summary>Who speaks in a statement: the first actor or country (an exclusive place: "France opposes…") its title and lead name.</summary>
    private string? SpeakerOf(DevelopmentArticle article)
    {
        foreach (var name in article.LeadNames)
        {
            if (name.StartsWith("actor:", StringComparison.Ordinal) || rules.ExclusivePlaces.Contains(name["place:".Length..]))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The places (but the wide ones) and actors, each marked with what it is.</summary>
    private HashSet<string> Specific(IReadOnlyList<string> places, IReadOnlyList<string> actors)
    {
        var entities = new HashSet<string>(StringComparer.Ordinal);
        foreach (var place in places)
        {
            if (!rules.WidePlaces.Contains(place))
            {
                entities.Add("place:" + place);
            }
        }

        foreach (var actor in actors)
        {
            entities.Add("actor:" + actor);
        }

        return entities;
    }

    /// <summary>Scores a pair of prepared articles.</summary>
    public PairScore Score(Prepared a, Prepared b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var features = new double[weights.Length];
        var score = Evaluate(a, b, features, out var apart, out var undated);
        return new PairScore(score, features, apart, undated);
    }

    /// <summary>
    /// The pair's score, written feature by feature into <paramref name="features"/> (a buffer of
    /// one slot per <see cref="JoinFeature"/>), with what keeps them apart and whether one is undated.
    /// </summary>
    public double Evaluate(Prepared a, Prepared b, Span<double> features, out string? apart, out bool undated)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        features.Clear();
        undated = a.Article.PublishedEstimated || b.Article.PublishedEstimated;
        var hours = undated ? 0 : Math.Abs((a.Article.Published - b.Article.Published).TotalHours);
        apart = null;
        if (hours > rules.MaxGapHours)
        {
            apart = $"{Hours(hours)} apart";
        }

        var sameLanguage = string.Equals(a.Article.Language, b.Article.Language, StringComparison.Ordinal);
        if (sameLanguage && a.Article.Signature is { } sa && b.Article.Signature is { } sb)
        {
            // Half the shingles shared is a rewrite of one story already: the feature is full there.
            features[(int)JoinFeature.NearDuplicate] = Math.Min(1, sa.Similarity(sb) / 0.5);
        }

        features[(int)JoinFeature.SameLeadFigure] = Matches(a.LeadAmounts, b.LeadAmounts) ? 1 : 0;
        features[(int)JoinFeature.SameFigure] = Matches(a.Amounts, b.Amounts) ? 1 : 0;
        features[(int)JoinFeature.SameCeiling] = SharesCeiling(a, b) ? 1 : 0;
        features[(int)JoinFeature.SharedFigures] = Math.Min(3, SharedValues(a, b)) / 3.0;
        features[(int)JoinFeature.FigureClash] = Clashes(a.Amounts, b.Amounts) ? 1 : 0;

        // Different news figures: their leads state different amounts of one thing, and one lead's
        // amount is nowhere in the other text (a later report may recall the earlier batch).
        if (apart is null && rules.LeadFiguresCannotLink && Clashes(a.LeadAmounts, b.LeadAmounts)
            && (Clashes(a.LeadAmounts, b.Amounts) || Clashes(b.LeadAmounts, a.Amounts)))
        {
            apart = Clash(a.LeadAmounts, b.LeadAmounts);
        }

        if (apart is null && a.Exclusive.Count > 0 && b.Exclusive.Count > 0 && !a.Exclusive.Overlaps(b.Exclusive))
        {
            apart = $"{string.Join(", ", a.Exclusive.Order(StringComparer.Ordinal))} / {string.Join(", ", b.Exclusive.Order(StringComparer.Ordinal))}";
        }

        var sharedLead = Common(a.Lead, b.Lead);
        var shared = Common(a.Entities, b.Entities);
        features[(int)JoinFeature.SharedLeadEntities] = Math.Min(3, sharedLead) / 3.0;
        features[(int)JoinFeature.SharedEntities] = Math.Min(4, shared) / 4.0;
        features[(int)JoinFeature.EntityOverlap] = shared == 0 ? 0 : (double)shared / (a.Entities.Count + b.Entities.Count - shared);
        features[(int)JoinFeature.LeadEntitiesDisjoint] = a.Lead.Count > 0 && b.Lead.Count > 0 && sharedLead == 0 ? 1 : 0;
        var actorsDisjoint = a.LeadActors.Count > 0 && b.LeadActors.Count > 0 && Common(a.LeadActors, b.LeadActors) == 0;
        features[(int)JoinFeature.LeadActorsDisjoint] = actorsDisjoint ? 1 : 0;
        var otherSpeaker = Unheard(a, b) || Unheard(b, a);
        features[(int)JoinFeature.OtherSpeaker] = otherSpeaker ? 1 : 0;

        var sharedThemes = Common(a.LeadThemes, b.LeadThemes);
        var titleOverlap = sameLanguage ? Jaccard(a.TitleWords, b.TitleWords) : 0;
        var teaser = IsTeaserPair(a.Article, b.Article, hours, undated)
            && (sharedThemes > 0 || sharedLead > 0 || features[(int)JoinFeature.SameFigure] > 0 || titleOverlap >= TeaserTitleOverlap);
        features[(int)JoinFeature.TeaserOfStory] = teaser ? 1 : 0;

        // Two statements by different speakers, neither named in the other's lead: two reactions
        // (a teaser's lede names whoever its page's background does, not who speaks in its story).
        if (apart is null && !teaser && rules.SpeakersCannotLink && a.Speaker is not null && b.Speaker is not null && Unheard(a, b) && Unheard(b, a))
        {
            apart = $"{a.Speaker[(a.Speaker.IndexOf(':', StringComparison.Ordinal) + 1)..]} / {b.Speaker[(b.Speaker.IndexOf(':', StringComparison.Ordinal) + 1)..]} speak";
        }

        features[(int)JoinFeature.SharedLeadThemes] = Math.Min(3, sharedThemes) / 3.0;
        var sharedAll = Common(a.Themes, b.Themes);
        features[(int)JoinFeature.ThemeOverlap] = sharedAll == 0 ? 0 : (double)sharedAll / (a.Themes.Count + b.Themes.Count - sharedAll);
        features[(int)JoinFeature.LeadThemesDisjoint] = a.LeadThemes.Count > 0 && b.LeadThemes.Count > 0 && sharedThemes == 0 ? 1 : 0;
        features[(int)JoinFeature.TitleOverlap] = titleOverlap;
        var typeA = a.Article.Type;
        var typeB = b.Article.Type;
        features[(int)JoinFeature.SameType] = typeA != DevelopmentTypes.Other && typeA == typeB ? 1 : 0;
        features[(int)JoinFeature.TypeClash] = rules.Incompatible(typeA, typeB) ? 1 : 0;
        if (undated)
        {
            features[(int)JoinFeature.Undated] = 1;
        }
        else
        {
            features[(int)JoinFeature.Within12Hours] = hours <= 12 ? 1 : 0;
            features[(int)JoinFeature.Within36Hours] = hours <= 36 ? 1 : 0;
            features[(int)JoinFeature.Beyond72Hours] = hours > 72 ? 1 : 0;
        }

        var score = rules.Bias;
        for (var i = 0; i < features.Length; i++)
        {
            score += weights[i] * features[i];
        }

        return Math.Round(score, 4);
    }

    /// <summary>Number of features: the size of the buffer <see cref="Evaluate"/> writes.</summary>
    public int FeatureCount => weights.Length;

    /// <summary>True when a pair with this score joins: at or above the threshold (the stricter one when undated) and kept apart by nothing.</summary>
    public bool Joins(double score, bool apart, bool undated) =>
        !apart && score >= (undated ? rules.UndatedThreshold : rules.Threshold);

    /// <summary>True when the pair's score joins them: above the threshold (the stricter one when undated) and nothing keeps them apart.</summary>
    public bool Joins(PairScore pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return Joins(pair.Score, pair.Apart is not null, pair.Undated);
    }

    /// <summary>What ties two articles, in words, strongest first: "same figure 2,250 detainees", "places hasakah, iraq", "6 h apart".</summary>
    public IReadOnlyList<string> Reasons(Prepared a, Prepared b, PairScore pair)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(pair);
        var reasons = new List<string>();
        var f = pair.Features;
        if (f[(int)JoinFeature.NearDuplicate] >= 0.4)
        {
            reasons.Add($"near-duplicate text ({Percent(a.Article.Signature!.Similarity(b.Article.Signature!))} shared)");
        }

        if ((Matching(a.LeadAmounts, b.LeadAmounts) ?? Matching(a.Amounts, b.Amounts)) is { } figure)
        {
            reasons.Add($"same figure {figure}");
        }

        if (f[(int)JoinFeature.TitleOverlap] >= 0.2)
        {
            reasons.Add($"similar titles ({Percent(f[(int)JoinFeature.TitleOverlap])} of words)");
        }

        var places = a.Article.Places.Where(b.Article.Places.Contains).ToList();
        if (places.Count > 0)
        {
            reasons.Add("places " + string.Join(", ", places));
        }

        var actors = a.Article.Actors.Where(b.Article.Actors.Contains).ToList();
        if (actors.Count > 0)
        {
            reasons.Add("actors " + string.Join(", ", actors));
        }

        var themes = a.Article.LeadThemes.Where(b.LeadThemes.Contains).ToList();
        if (themes.Count > 0)
        {
            reasons.Add("themes " + string.Join(", ", themes));
        }

        if (f[(int)JoinFeature.SameType] > 0)
        {
            reasons.Add("both " + a.Article.Type);
        }

        if (f[(int)JoinFeature.TeaserOfStory] > 0)
        {
            reasons.Add(string.Equals(a.Article.Id, b.Article.Id, StringComparison.Ordinal) ? "teaser of a story on the same page" : "teaser of a story of the same outlet");
        }

        if (f[(int)JoinFeature.SameCeiling] > 0 && Matching(a.LeadAmounts, b.LeadAmounts) is null)
        {
            reasons.Add("same ceiling");
        }

        reasons.Add(pair.Undated ? "one undated: joined by content" : $"{Hours(Math.Abs((a.Article.Published - b.Article.Published).TotalHours))} apart");
        return reasons;
    }

    /// <summary>Least share of title words in common that, on its own, says a teaser and a story tell the same news.</summary>
    private const double TeaserTitleOverlap = 0.2;

    /// <summary>
    /// One is a teaser and the other a full story (not a teaser), of the same page (the same article,
    /// two of its stories) or of the same outlet, both dated, at most <see cref="GroupingRules.TeaserGapHours"/> apart.
    /// </summary>
    private static bool IsTeaserPair(DevelopmentArticle a, DevelopmentArticle b, double hours, bool undated)
    {
        if (a.Teaser == b.Teaser)
        {
            return false;
        }

        var samePage = a.Story is not null && b.Story is not null && string.Equals(a.Id, b.Id, StringComparison.Ordinal);
        return samePage || (!undated && hours <= GroupingRules.TeaserGapHours && string.Equals(a.SourceName, b.SourceName, StringComparison.Ordinal));
    }

    /// <summary>True when <paramref name="a"/> is a statement whose speaker <paramref name="b"/>'s lead does not name.</summary>
    private static bool Unheard(Prepared a, Prepared b) => a.Speaker is { } speaker && !b.Lead.Contains(speaker);

    private static int Common(HashSet<string> a, HashSet<string> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var common = 0;
        foreach (var item in small)
        {
            if (large.Contains(item))
            {
                common++;
            }
        }

        return common;
    }

    private static bool SharesCeiling(Prepared a, Prepared b)
    {
        foreach (var ceiling in a.Ceilings)
        {
            if (b.Ceilings.Contains(ceiling))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a pair of amounts is close and counts the same kind of thing.</summary>
    private bool Matches(List<StatedFigure> a, List<StatedFigure> b) => Match(a, b) is not null;

    /// <summary>The first close pair of amounts counting the same kind of thing; null when none.</summary>
    private (StatedFigure A, StatedFigure B)? Match(List<StatedFigure> a, List<StatedFigure> b)
    {
        foreach (var fa in a)
        {
            foreach (var fb in b)
            {
                if (Close(fa, fb) && CountedThings.Same(fa.What, fb.What))
                {
                    return (fa, fb);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when both state amounts of one kind and none of them is close, counting each side's
    /// sums of two as well (a total may be told as its parts: 8 women and 23 children, or 31).
    /// </summary>
    private bool Clashes(List<StatedFigure> a, List<StatedFigure> b) => ClashingKind(a, b) is not null;

    /// <summary>The kind of thing both count with no close amount (see <see cref="Clashes"/>); null when none.</summary>
    private string? ClashingKind(List<StatedFigure> a, List<StatedFigure> b)
    {
        for (var i = 0; i < a.Count; i++)
        {
            var what = a[i].What!;
            if (IndexOfKind(a, what) == i && IndexOfKind(b, what) >= 0 && !Agree(a, b, what))
            {
                return what;
            }
        }

        return null;
    }

    private static int IndexOfKind(List<StatedFigure> figures, string what)
    {
        for (var i = 0; i < figures.Count; i++)
        {
            if (figures[i].What == what)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Some amount of this kind (or sum of two) on one side is close to one (or a sum of two) on the other.</summary>
    private bool Agree(List<StatedFigure> a, List<StatedFigure> b, string what)
    {
        var candidatesB = Candidates(b, what);
        foreach (var x in Candidates(a, what))
        {
            foreach (var y in candidatesB)
            {
                if (Close(x, y))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The amounts of one kind, and the sums of two different ones (as exact amounts).</summary>
    private static List<StatedFigure> Candidates(List<StatedFigure> figures, string what)
    {
        var amounts = figures.FindAll(f => f.What == what);
        var count = amounts.Count;
        for (var i = 0; i < count; i++)
        {
            for (var j = i + 1; j < count; j++)
            {
                if (amounts[i].Value != amounts[j].Value)
                {
                    amounts.Add(amounts[i] with { Value = amounts[i].Value + amounts[j].Value, Qualifier = CountFact.Exact });
                }
            }
        }

        return amounts;
    }

    /// <summary>How many different values of one article's figures have a close figure of the same kind in the other's.</summary>
    private int SharedValues(Prepared a, Prepared b)
    {
        var shared = 0;
        for (var i = 0; i < a.Amounts.Count; i++)
        {
            var fa = a.Amounts[i];
            if (IndexOfValue(a.Amounts, fa.Value) == i && b.Amounts.Exists(fb => Close(fa, fb) && CountedThings.Same(fa.What, fb.What)))
            {
                shared++;
            }
        }

        for (var i = 0; i < a.Ceilings.Count; i++)
        {
            if (a.Ceilings.IndexOf(a.Ceilings[i]) == i && b.Ceilings.Contains(a.Ceilings[i]))
            {
                shared++;
            }
        }

        return shared;
    }

    private static int IndexOfValue(List<StatedFigure> figures, long value)
    {
        for (var i = 0; i < figures.Count; i++)
        {
            if (figures[i].Value == value)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A close pair of amounts counting the same thing, described ("2,250 detainees"); null when none.</summary>
    private string? Matching(List<StatedFigure> a, List<StatedFigure> b)
    {
        if (Match(a, b) is not var (fa, fb))
        {
            return null;
        }

        var what = fa.What ?? fb.What;
        var value = fa.Value == fb.Value
            ? fa.Value.ToString("N0", CultureInfo.InvariantCulture)
            : $"{Math.Min(fa.Value, fb.Value).ToString("N0", CultureInfo.InvariantCulture)}–{Math.Max(fa.Value, fb.Value).ToString("N0", CultureInfo.InvariantCulture)}";
        return what is null ? value : $"{value} {what.Replace('_', ' ')}";
    }

    /// <summary>Amounts of one thing in both, none of them close: "150 / 212 detainees"; null when they agree or share no kind.</summary>
    private string? Clash(List<StatedFigure> a, List<StatedFigure> b) =>
        ClashingKind(a, b) is { } what
            ? $"{Values(a.Where(x => x.What == what))} / {Values(b.Where(x => x.What == what))} {what.Replace('_', ' ')}"
            : null;

    private static string Values(IEnumerable<StatedFigure> figures) =>
        string.Join(", ", figures.Select(f => f.Value).Distinct().Order().Select(v => v.ToString("N0", CultureInfo.InvariantCulture)));

    /// <summary>
    /// Two amounts that can be one fact told differently: exact ones within the rules' share
    /// (2,250 and 2,225) or a few people apart (40 and 42), "about" ones within three times that share, and "at least" X with anything
    /// from X up to a quarter more ("more than 200" and 213).
    /// </summary>
    private bool Close(StatedFigure a, StatedFigure b)
    {
        var (x, y) = (a.Value, b.Value);
        if (x == y)
        {
            return true;
        }

        if (a.Qualifier == CountFact.AtLeast || b.Qualifier == CountFact.AtLeast)
        {
            var (floor, other) = a.Qualifier == CountFact.AtLeast ? (x, y) : (y, x);
            if (other >= floor * (1 - rules.CloseFigures) && other <= floor * 1.25)
            {
                return true;
            }
        }

        var share = a.Qualifier == CountFact.Approximate || b.Qualifier == CountFact.Approximate ? 3 * rules.CloseFigures : rules.CloseFigures;
        return Math.Abs(x - y) <= Math.Max(share * Math.Max(x, y), rules.CloseFiguresBy);
    }

    private static string Hours(double hours) => hours < 48
        ? $"{Math.Round(hours).ToString(CultureInfo.InvariantCulture)} h"
        : $"{Math.Round(hours / 24, 1).ToString(CultureInfo.InvariantCulture)} days";

    private static string Percent(double share) => $"{Math.Round(share * 100).ToString(CultureInfo.InvariantCulture)}%";

    /// <summary>The title's words of two letters or more, folded as the classifier folds them.</summary>
    internal static HashSet<string> TitleWords(string? title) =>
        string.IsNullOrWhiteSpace(title)
            ? []
            : [.. MatchText.Of(title).Tokens.Select(t => t.Text).Where(t => t.Length >= 2)];

    internal static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var common = Common(a, b);
        return (double)common / (a.Count + b.Count - common);
    }

    /// <summary>An article with what scoring reads of it.</summary>
    public sealed record Prepared(
        DevelopmentArticle Article,
        HashSet<string> Entities,
        HashSet<string> Lead,
        HashSet<string> Exclusive,
        List<StatedFigure> Amounts,
        List<StatedFigure> LeadAmounts,
        List<long> Ceilings,
        HashSet<string> TitleWords,
        HashSet<string> LeadThemes)
    {
        /// <summary>The themes of its whole text.</summary>
        public HashSet<string> Themes { get; init; } = [];

        /// <summary>The actors of its lead.</summary>
        public HashSet<string> LeadActors { get; init; } = [];

        /// <summary>For a statement, who speaks ("actor:id" or "place:id", see DevelopmentArticle.LeadNames); null otherwise or when its lead names nobody specific.</summary>
        public string? Speaker { get; init; }
    }
}
