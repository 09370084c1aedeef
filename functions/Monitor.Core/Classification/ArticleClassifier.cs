namespace Monitor.Core.Classification;

/// <summary>
/// Scores an article against every topic and reads its facts. For each topic, an article is only
/// relevant when an action term (transferred, نقل، تسلم…) and a subject term (detainees,
/// المحتجزين، مخيم الهول…) meet within the topic's window; context terms raise the score and
/// disqualifying terms lower it. The score is a logistic function of the weighted sum.
/// </summary>
public sealed class ArticleClassifier
{
    private readonly List<CompiledTopic> topics;
    private readonly PhraseSet<string> places;
    private readonly PhraseSet<string> actors;

    public ArticleClassifier(TopicCatalog topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        this.topics = [.. topics.Topics.Select(t => new CompiledTopic(t))];
        places = Gazetteer(topics.Topics.Select(t => t.Places));
        actors = Gazetteer(topics.Topics.Select(t => t.Actors));
    }

    /// <summary>
    /// Classifies the article. Evidence offsets point into the scored text: the title, a line
    /// break, then <paramref name="text"/> (or the text alone when there is no title).
    /// </summary>
    public ArticleClassification Classify(string? title, string text)
    {
        var scored = ScoredText(title, text);
        var match = MatchText.Of(scored);
        var scores = topics.Select(t => t.Score(match)).ToList();
        var facts = new ArticleFacts(CountReader.Read(match), Ids(places, match), Ids(actors, match));
        return new ArticleClassification(LanguageDetector.Detect(scored), scores, facts);
    }

    /// <summary>The text the classifier reads, to which evidence offsets refer.</summary>
    public static string ScoredText(string? title, string? text) =>
        string.IsNullOrWhiteSpace(title) ? text ?? "" : title + "\n" + (text ?? "");

    private static PhraseSet<string> Gazetteer(IEnumerable<IReadOnlyDictionary<string, IReadOnlyList<string>>> entries) =>
        new(entries.SelectMany(e => e).SelectMany(e => e.Value.Select(name => (name, e.Key))));

    private static List<string> Ids(PhraseSet<string> gazetteer, MatchText text) =>
        [.. gazetteer.Matches(text).Select(m => m.Tag).Distinct(StringComparer.Ordinal)];

    private readonly record struct TermRef(int Group, TermRole Role, double Weight);

    /// <summary>A topic with its terms ready for matching.</summary>
    private sealed class CompiledTopic
    {
        private readonly TopicProfile profile;
        private readonly PhraseSet<TermRef> terms;

        public CompiledTopic(TopicProfile profile)
        {
            this.profile = profile;
            terms = new PhraseSet<TermRef>(profile.TermGroups.SelectMany((g, i) => g.Terms.Select(t => (t, new TermRef(i, g.Role, g.Weight)))));
        }

        public TopicScore Score(MatchText text)
        {
            var scoring = profile.Scoring;
            var matches = Accepted(terms.Matches(text));
            var actions = matches.Where(m => m.Tag.Role == TermRole.Action).ToList();
            var subjects = matches.Where(m => m.Tag.Role == TermRole.Subject).ToList();

            var pairs = new List<(PhraseMatch<TermRef> Action, PhraseMatch<TermRef> Subject)>();
            foreach (var action in actions)
            {
                var best = subjects
                    .Where(s => Gap(action, s) is { } gap && gap <= profile.Window)
                    .OrderByDescending(s => s.Tag.Weight)
                    .ThenBy(s => Gap(action, s))
                    .FirstOrDefault();
                if (best is not null)
                {
                    pairs.Add((action, best));
                }
            }

            var context = Math.Min(scoring.ContextCap, GroupWeight(matches, TermRole.Context));
            var disqualifying = Math.Min(scoring.DisqualifyingCap, GroupWeight(matches, TermRole.Disqualifying));
            var z = scoring.Bias + context;
            if (pairs.Count > 0)
            {
                var strongest = pairs.Max(p => p.Action.Tag.Weight + p.Subject.Tag.Weight);
                z += strongest + (scoring.ExtraPairWeight * Math.Min(pairs.Count - 1, scoring.MaxExtraPairs));
                z -= disqualifying * scoring.DisqualifyingWithPair;
            }
            else
            {
                z -= disqualifying;
            }

            var score = 1.0 / (1.0 + Math.Exp(-z));
            if (pairs.Count == 0)
            {
                score = Math.Min(score, scoring.NoPairCeiling);
            }

            score = Math.Round(score, 4);
            var relevant = pairs.Count > 0 && score >= profile.Threshold;
            return new TopicScore(profile.Id, score, relevant, Evidence(text, matches, pairs));
        }

        /// <summary>Drops matches inside an ignored phrase, and shorter matches inside a longer one of the same role.</summary>
        private static List<PhraseMatch<TermRef>> Accepted(List<PhraseMatch<TermRef>> matches)
        {
            var ignored = matches.Where(m => m.Tag.Role == TermRole.Ignore).ToList();
            var accepted = new List<PhraseMatch<TermRef>>();
            foreach (var m in matches)
            {
                if (m.Tag.Role == TermRole.Ignore || ignored.Any(i => Overlap(i, m)))
                {
                    continue;
                }

                if (!accepted.Any(a => a.Tag.Role == m.Tag.Role && Overlap(a, m)))
                {
                    accepted.Add(m);
                }
            }

            return accepted;
        }

        private static bool Overlap(PhraseMatch<TermRef> a, PhraseMatch<TermRef> b) =>
            a.FirstToken <= b.LastToken && b.FirstToken <= a.LastToken;

        /// <summary>Words between two matches; null when they share a word.</summary>
        private static int? Gap(PhraseMatch<TermRef> a, PhraseMatch<TermRef> b)
        {
            if (Overlap(a, b))
            {
                return null;
            }

            return b.FirstToken > a.LastToken ? b.FirstToken - a.LastToken - 1 : a.FirstToken - b.LastToken - 1;
        }

        /// <summary>Each group (one idea in both languages) counts once, however often it is named.</summary>
        private static double GroupWeight(List<PhraseMatch<TermRef>> matches, TermRole role) =>
            matches.Where(m => m.Tag.Role == role).GroupBy(m => m.Tag.Group).Sum(g => g.First().Tag.Weight);

        private List<Evidence> Evidence(
            MatchText text,
            List<PhraseMatch<TermRef>> matches,
            List<(PhraseMatch<TermRef> Action, PhraseMatch<TermRef> Subject)> pairs)
        {
            // Pairs first, as they decide relevance; then what raised or lowered the score.
            var ordered = pairs.SelectMany(p => new[] { p.Action, p.Subject })
                .Concat(matches.Where(m => m.Tag.Role is TermRole.Context or TermRole.Disqualifying))
                .Concat(matches)
                .Distinct()
                .Take(profile.Scoring.MaxEvidence)
                .OrderBy(m => m.Start)
                .ThenBy(m => m.End);
            return [.. ordered.Select(m => new Evidence(text.Original[m.Start..m.End], m.Start, m.Length, m.Pattern)
            {
                Role = m.Tag.Role.ToString().ToLowerInvariant(),
            })];
        }
    }
}
