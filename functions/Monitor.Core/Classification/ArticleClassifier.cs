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
    /// <summary>Places and actors in one set, read in one pass: the tag says which list and which id.</summary>
    private readonly PhraseSet<(bool Place, string Id)> gazetteer;
    private readonly CountedWords counted;

    public ArticleClassifier(TopicCatalog topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        this.topics = [.. topics.Topics.Select(t => new CompiledTopic(t))];
        gazetteer = new PhraseSet<(bool Place, string Id)>(
            Names(topics.Topics.Select(t => t.Places), place: true).Concat(Names(topics.Topics.Select(t => t.Actors), place: false)));
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
        var (places, actors) = Ids(match);
        var facts = new ArticleFacts(CountReader.Read(match, counted), places, actors);
        var titleEnd = string.IsNullOrWhiteSpace(title) ? 0 : title.Length;
        var scores = topics.Select(t => t.Score(match, facts, titleEnd)).ToList();
        return new ArticleClassification(LanguageDetector.Detect(scored, titleEnd), scores, facts);
    }

    /// <summary>The text the classifier reads, to which evidence offsets refer.</summary>
    public static string ScoredText(string? title, string? text) =>
        string.IsNullOrWhiteSpace(title) ? text ?? "" : title + "\n" + (text ?? "");

    private static IEnumerable<(string Name, (bool Place, string Id) Tag)> Names(IEnumerable<IReadOnlyDictionary<string, IReadOnlyList<string>>> entries, bool place) =>
        entries.SelectMany(e => e).SelectMany(e => e.Value.Select(name => (name, (place, e.Key))));

    /// <summary>The canonical ids of the places and actors the text names, each once, in order of first mention.</summary>
    private (List<string> Places, List<string> Actors) Ids(MatchText text)
    {
        var places = new List<string>();
        var actors = new List<string>();
        foreach (var m in gazetteer.Matches(text))
        {
            var ids = m.Tag.Place ? places : actors;
            if (!ids.Contains(m.Tag.Id))
            {
                ids.Add(m.Tag.Id);
            }
        }

        return (places, actors);
    }

    /// <summary>Each role's name in evidence, by the role's number.</summary>
    private static readonly string[] RoleNames = [.. Enum.GetValues<TermRole>().OrderBy(r => (int)r).Select(r => r.ToString().ToLowerInvariant())];

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

            var contextWeight = GroupWeight(matches, TermRole.Context);
            var grounded = contextWeight >= scoring.MinContext;
            var context = Math.Min(scoring.ContextCap, contextWeight);
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
            if (pairs.Count == 0 || !grounded)
            {
                score = Math.Min(score, scoring.NoPairCeiling);
            }

            score = Math.Round(score, 4);
            var relevant = pairs.Count > 0 && grounded && score >= profile.Threshold;
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
            var seen = new HashSet<(int, string, bool)>();
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
                if (seen.Add((cue.Tag, cue.Pattern, false)))
                {
                    weights[cue.Tag] += type.Weight;
                }

                if (inTitle && seen.Add((cue.Tag, cue.Pattern, true)))
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

            // Matches come in text order, so an accepted match of the same role overlaps this one
            // exactly when the furthest any of them reaches is at or past this one's first word.
            var accepted = new List<PhraseMatch<TermRef>>(matches.Count);
            Span<int> reach = stackalloc int[RoleNames.Length];
            reach.Fill(-1);
            foreach (var m in matches)
            {
                if (m.Tag.Role == TermRole.Ignore || (ignored.Count > 0 && OverlapsAny(ignored, m)))
                {
                    continue;
                }

                ref var furthest = ref reach[(int)m.Tag.Role];
                if (furthest < m.FirstToken)
                {
                    accepted.Add(m);
                    furthest = Math.Max(furthest, m.LastToken);
                }
            }

            return accepted;
        }

        private static bool OverlapsAny(List<PhraseMatch<TermRef>> matches, PhraseMatch<TermRef> match)
        {
            foreach (var other in matches)
            {
                if (Overlap(other, match))
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
            // Pairs first, as they decide relevance; then what raised or lowered the score; then the
            // rest. Each match once, at most MaxEvidence, shown in text order.
            var max = profile.Scoring.MaxEvidence;
            var chosen = new List<PhraseMatch<TermRef>>(Math.Min(max, matches.Count));
            foreach (var (action, subject) in pairs)
            {
                Choose(chosen, action, max);
                Choose(chosen, subject, max);
            }

            foreach (var m in matches)
            {
                if (m.Tag.Role is TermRole.Context or TermRole.Disqualifying)
                {
                    Choose(chosen, m, max);
                }
            }

            foreach (var m in matches)
            {
                Choose(chosen, m, max);
            }

            // A stable insertion sort: at most MaxEvidence items, and equal spans keep the order above.
            for (var i = 1; i < chosen.Count; i++)
            {
                var m = chosen[i];
                var j = i - 1;
                while (j >= 0 && (chosen[j].Start > m.Start || (chosen[j].Start == m.Start && chosen[j].End > m.End)))
                {
                    chosen[j + 1] = chosen[j];
                    j--;
                }

                chosen[j + 1] = m;
            }

            var evidence = new List<Evidence>(chosen.Count);
            foreach (var m in chosen)
            {
                evidence.Add(new Evidence(text.Original[m.Start..m.End], m.Start, m.Length, m.Pattern) { Role = RoleNames[(int)m.Tag.Role] });
            }

            return evidence;
        }

        private static void Choose(List<PhraseMatch<TermRef>> chosen, PhraseMatch<TermRef> match, int max)
        {
            if (chosen.Count >= max)
            {
                return;
            }

            foreach (var m in chosen)
            {
                if (ReferenceEquals(m, match))
                {
                    return;
                }
            }

            chosen.Add(match);
        }
    }
}
