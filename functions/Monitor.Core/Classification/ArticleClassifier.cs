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
    private readonly CountedWords counted;

    public ArticleClassifier(TopicCatalog topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        this.topics = [.. topics.Topics.Select(t => new CompiledTopic(t))];
        places = Gazetteer(topics.Topics.Select(t => t.Places));
        actors = Gazetteer(topics.Topics.Select(t => t.Actors));
        counted = new CountedWords(topics.Topics.SelectMany(t => t.Counted));
    }

    /// <summary>
    /// Classifies the article. Evidence offsets point into the scored text: the title, a line
    /// break, then <paramref name="text"/> (or the text alone when there is no title).
    /// </summary>
    public ArticleClassification Classify(string? title, string text)
    {
        var scored = ScoredText(title, text);
        var match = MatchText.Of(scored);
        var facts = new ArticleFacts(CountReader.Read(match, counted), Ids(places, match), Ids(actors, match));
        var titleEnd = string.IsNullOrWhiteSpace(title) ? 0 : title.Length;
        var scores = topics.Select(t => t.Score(match, facts, titleEnd)).ToList();
        return new ArticleClassification(LanguageDetector.Detect(scored, titleEnd), scores, facts);
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
        private readonly PhraseSet<int> typeCues;

        public CompiledTopic(TopicProfile profile)
        {
            this.profile = profile;
            terms = new PhraseSet<TermRef>(profile.TermGroups.SelectMany((g, i) => g.Terms.Select(t => (t, new TermRef(i, g.Role, g.Weight)))));
            typeCues = new PhraseSet<int>(profile.Types.SelectMany((type, i) => type.Terms.Select(t => (t, i))));
        }

        public TopicScore Score(MatchText text, ArticleFacts facts, int titleEnd)
        {
            var scoring = profile.Scoring;
            var matches = Accepted(terms.Matches(text));
            var pairs = new List<(PhraseMatch<TermRef> Action, PhraseMatch<TermRef> Subject)>();
            foreach (var action in matches)
            {
                if (action.Tag.Role != TermRole.Action)
                {
                    continue;
                }

                // The heaviest subject within the window, the nearest among equals.
                PhraseMatch<TermRef>? best = null;
                var bestGap = 0;
                foreach (var subject in matches)
                {
                    if (subject.Tag.Role != TermRole.Subject || Gap(action, subject) is not { } gap || gap > profile.Window)
                    {
                        continue;
                    }

                    if (best is null || subject.Tag.Weight > best.Tag.Weight || (subject.Tag.Weight == best.Tag.Weight && gap < bestGap))
                    {
                        best = subject;
                        bestGap = gap;
                    }
                }

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
            var type = relevant ? TypeOf(text, facts, titleEnd) : TopicScore.OtherType;
            return new TopicScore(profile.Id, score, relevant, Evidence(text, matches, pairs), type);
        }

        /// <summary>
        /// The type whose cues weigh most: each distinct cue once (the longest where cues overlap), twice
        /// when the title has it, plus the
        /// type's count bonus when the article states a count of people that is not a ceiling.
        /// Ties go to the type listed first; no cue at all gives "other".
        /// </summary>
        private string TypeOf(MatchText text, ArticleFacts facts, int titleEnd)
        {
            if (profile.Types.Count == 0)
            {
                return TopicScore.OtherType;
            }

            var weights = new double[profile.Types.Count];
            var seen = new HashSet<(int, string)>();
            var lastEnd = -1;
            foreach (var cue in typeCues.Matches(text))
            {
                // Longest cue first at each place, and no cue inside another: "تسليم المخيم" is a
                // handover of the camp, not also a transfer.
                if (cue.Start < lastEnd)
                {
                    continue;
                }

                lastEnd = cue.End;
                var inTitle = cue.Start < titleEnd;
                var type = profile.Types[cue.Tag];
                if (seen.Add((cue.Tag, cue.Pattern)))
                {
                    weights[cue.Tag] += type.Weight;
                }

                if (inTitle && seen.Add((cue.Tag, "title:" + cue.Pattern)))
                {
                    weights[cue.Tag] += type.Weight;
                }
            }

            var counts = facts.Counts.Any(c => c.What is not null && c.Qualifier != CountFact.UpTo);
            var best = -1;
            for (var i = 0; i < weights.Length; i++)
            {
                if (weights[i] > 0 && counts)
                {
                    weights[i] += profile.Types[i].CountBonus;
                }

                if (weights[i] > 0 && (best < 0 || weights[i] > weights[best]))
                {
                    best = i;
                }
            }

            return best < 0 ? TopicScore.OtherType : profile.Types[best].Type;
        }

        /// <summary>Drops matches inside an ignored phrase, and shorter matches inside a longer one of the same role.</summary>
        private static List<PhraseMatch<TermRef>> Accepted(List<PhraseMatch<TermRef>> matches)
        {
            var ignored = new List<PhraseMatch<TermRef>>();
            foreach (var m in matches)
            {
                if (m.Tag.Role == TermRole.Ignore)
                {
                    ignored.Add(m);
                }
            }

            var accepted = new List<PhraseMatch<TermRef>>(matches.Count);
            foreach (var m in matches)
            {
                if (m.Tag.Role == TermRole.Ignore || OverlapsAny(ignored, m, role: null))
                {
                    continue;
                }

                if (!OverlapsAny(accepted, m, m.Tag.Role))
                {
                    accepted.Add(m);
                }
            }

            return accepted;
        }

        private static bool OverlapsAny(List<PhraseMatch<TermRef>> matches, PhraseMatch<TermRef> match, TermRole? role)
        {
            foreach (var other in matches)
            {
                if ((role is null || other.Tag.Role == role) && Overlap(other, match))
                {
                    return true;
                }
            }

            return false;
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
        private static double GroupWeight(List<PhraseMatch<TermRef>> matches, TermRole role)
        {
            var total = 0.0;
            var counted = new HashSet<int>();
            foreach (var m in matches)
            {
                if (m.Tag.Role == role && counted.Add(m.Tag.Group))
                {
                    total += m.Tag.Weight;
                }
            }

            return total;
        }

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
