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
    /// <summary>Places, actors and themes in one set, read in one pass: the tag says which list and which id.</summary>
    private readonly PhraseSet<(Entity Kind, string Id)> gazetteer;

    private enum Entity
    {
        Place,
        Actor,
        Theme,
    }
    private readonly CountedWords counted;

    public ArticleClassifier(TopicCatalog topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        this.topics = [.. topics.Topics.Select(t => new CompiledTopic(t))];
        gazetteer = new PhraseSet<(Entity Kind, string Id)>(
            Names(topics.Topics.Select(t => t.Places), Entity.Place)
                .Concat(Names(topics.Topics.Select(t => t.Actors), Entity.Actor))
                .Concat(Names(topics.Topics.Select(t => t.Themes), Entity.Theme)));
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
        var titleEnd = string.IsNullOrWhiteSpace(title) ? 0 : title.Length;
        var newsStart = (string.IsNullOrWhiteSpace(title) ? 0 : title.Length + 1) + Datelines.NewsStart(text);
        var leadEnd = LeadEnd(scored, newsStart);
        var ids = Ids(match, leadEnd, titleEnd, newsStart, out var leadNames);
        var facts = new ArticleFacts(CountReader.Read(match, counted), ids[Entity.Place].All, ids[Entity.Actor].All)
        {
            LeadEnd = leadEnd,
            LeadPlaces = ids[Entity.Place].Lead,
            LeadActors = ids[Entity.Actor].Lead,
            Themes = ids[Entity.Theme].All,
            LeadThemes = ids[Entity.Theme].Lead,
            LeadNames = leadNames,
        };
        var scores = topics.Select(t => t.Score(match, facts, titleEnd)).ToList();
        return new ArticleClassification(LanguageDetector.Detect(scored, titleEnd), scores, facts);
    }

    /// <summary>The text the classifier reads, to which evidence offsets refer.</summary>
    public static string ScoredText(string? title, string? text) =>
        string.IsNullOrWhiteSpace(title) ? text ?? "" : title + "\n" + (text ?? "");

    private static IEnumerable<(string Name, (Entity Kind, string Id) Tag)> Names(IEnumerable<IReadOnlyDictionary<string, IReadOnlyList<string>>> entries, Entity kind) =>
        entries.SelectMany(e => e).SelectMany(e => e.Value.Select(name => (name, (kind, e.Key))));

    /// <summary>Shortest lead after the title, in characters: a dateline alone says nothing.</summary>
    private const int MinLead = 60;

    /// <summary>Longest lead after the title, in characters.</summary>
    private const int MaxLead = 420;

    /// <summary>
    /// Where the lead of a scored text ends: after the title, the first sentence end (. ! ? ؟ or a
    /// line break) at least <see cref="MinLead"/> characters into the text, and no further than
    /// <see cref="MaxLead"/>.
    /// </summary>
    internal static int LeadEnd(string scored, int bodyStart)
    {
        var min = Math.Min(scored.Length, bodyStart + MinLead);
        var max = Math.Min(scored.Length, bodyStart + MaxLead);
        for (var i = min; i < max; i++)
        {
            var c = scored[i];
            if (c is '.' or '!' or '?' or '؟' or '\n' && (i + 1 >= scored.Length || char.IsWhiteSpace(scored[i + 1]) || c == '\n'))
            {
                return i + 1;
            }
        }

        return max;
    }

    /// <summary>
    /// The canonical ids of the places, actors and themes the text names, each once, in order of
    /// first mention, and those its title and lead name, leaving out the dateline (between the
    /// title's end and where the news starts: a dateline's "Washington" is where the outlet wrote,
    /// not who speaks or acts); and the places and actors of the title and lead in order, marked
    /// with their kind.
    /// </summary>
    private Dictionary<Entity, (List<string> All, List<string> Lead)> Ids(MatchText text, int leadEnd, int titleEnd, int newsStart, out List<string> leadNames)
    {
        leadNames = [];
        var ids = new Dictionary<Entity, (List<string> All, List<string> Lead)>
        {
            [Entity.Place] = ([], []),
            [Entity.Actor] = ([], []),
            [Entity.Theme] = ([], []),
        };
        foreach (var m in gazetteer.Matches(text))
        {
            var (all, lead) = ids[m.Tag.Kind];
            if (!all.Contains(m.Tag.Id))
            {
                all.Add(m.Tag.Id);
            }

            var inLead = m.Start < titleEnd || (m.Start >= newsStart && m.Start < leadEnd);
            if (inLead && !lead.Contains(m.Tag.Id))
            {
                lead.Add(m.Tag.Id);
            }

            if (inLead && m.Tag.Kind != Entity.Theme)
            {
                var name = (m.Tag.Kind == Entity.Actor ? "actor:" : "place:") + m.Tag.Id;
                if (!leadNames.Contains(name))
                {
                    leadNames.Add(name);
                }
            }
        }

        return ids;
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

        /// <summary>The index of the "statement" type among the profile's types; -1 when it has none.</summary>
        private readonly int statementIndex;

        public CompiledTopic(TopicProfile profile)
        {
            this.profile = profile;
            terms = new PhraseSet<TermRef>(profile.TermGroups.SelectMany((g, i) => g.Terms.Select(t => (t, new TermRef(i, g.Role, g.Weight)))));
            typeCues = new PhraseSet<int>(profile.Types
                .SelectMany((type, i) => type.Terms.Select(t => (t, i)))
                .Concat(profile.TypeBackground.Select(t => (t, Background))));
            statementIndex = profile.Types.ToList().FindIndex(t => t.Type == "statement");
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

        /// <summary>The tag of a background phrase among the type cues (see <see cref="TopicProfile.TypeBackground"/>).</summary>
        private const int Background = -1;

        /// <summary>Weight of a type cue in the title, the lead, and the rest of the text: the news is told first.</summary>
        private const double TitleCue = 3.0, LeadCue = 2.0, BodyCue = 0.5;

        /// <summary>
        /// The type whose cues weigh most: each distinct cue once, where it weighs most (the longest
        /// where cues overlap), three times in the title, twice in the lead and half elsewhere, plus
        /// the type's count bonus when the lead states a count of people that is not a ceiling.
        /// Ties go to the type listed first; no cue at all gives "other".
        /// </summary>
        private string TypeOf(MatchText text, ArticleFacts facts, int titleEnd)
        {
            if (profile.Types.Count == 0)
            {
                return TopicScore.OtherType;
            }

            var weights = new double[profile.Types.Count];
            var done = new bool[profile.Types.Count];
            var headline = new bool[profile.Types.Count];
            var best = new Dictionary<(int, string), double>();
            var lastEnd = -1;
            var leadEnd = Math.Max(facts.LeadEnd, titleEnd);
            var leadCounts = LeadCountTokens(text, facts, leadEnd);
            foreach (var cue in typeCues.Matches(text))
            {
                // Longest cue first at each place, and no cue inside another: "تسليم المخيم" is a
                // handover of the camp, not also a transfer.
                if (cue.Start < lastEnd)
                {
                    continue;
                }

                lastEnd = cue.End;
                if (cue.Tag == Background)
                {
                    continue;
                }

                var where = cue.Start < titleEnd ? TitleCue : cue.Start < leadEnd ? LeadCue : BodyCue;
                if (where > BodyCue && leadCounts.Exists(t => t >= cue.FirstToken - NearCount && t <= cue.LastToken + NearCount))
                {
                    done[cue.Tag] = true;
                }

                if (where == TitleCue)
                {
                    headline[cue.Tag] = true;
                }

                var weight = profile.Types[cue.Tag].Weight * where;
                if (weight > best.GetValueOrDefault((cue.Tag, cue.Pattern)))
                {
                    best[(cue.Tag, cue.Pattern)] = weight;
                }
            }

            foreach (var ((tag, _), weight) in best)
            {
                weights[tag] += weight;
            }

            var counts = facts.Counts.Any(c => c.What is not null && c.Qualifier != CountFact.UpTo && (facts.LeadEnd == 0 || c.Start < facts.LeadEnd));
            var statementType = statementIndex;

            // A title that gives its words to a speaker ("Washington: Iraq can try them") is told as a statement.
            if (statementType >= 0 && Attributed(text, titleEnd))
            {
                weights[statementType] += profile.Types[statementType].Weight * TitleCue;
                headline[statementType] = true;
            }

            var top = -1;
            for (var i = 0; i < weights.Length; i++)
            {
                if (weights[i] > 0 && counts)
                {
                    weights[i] += profile.Types[i].CountBonus;
                }

                if (weights[i] > 0 && (top < 0 || weights[i] > weights[top]))
                {
                    top = i;
                }
            }

            // Words about a move or a return with no number of people anywhere in the text, told by
            // someone who speaks: a statement about the action, not the action done.
            if (top >= 0 && !facts.Counts.Any(c => c.What is not null && c.Qualifier != CountFact.UpTo) && profile.Types[top].CountBonus > 0 && statementType >= 0 && weights[statementType] >= weights[top] / 2)
            {
                return profile.Types[statementType].Type;
            }

            // A statement about a move or a return the text reports as done (a number of people moved
            // or returned) is the move or the return: "Rubio welcomes… 150 moved". When the title
            // itself is the statement ("UNICEF sounds alarm…", "Washington: Iraq can try them"), the
            // title or lead must tell the move next to its number ("230 detainees were moved"): a
            // number elsewhere is background (the total moved so far, the camp's population).
            var titled = statementType >= 0 && headline[statementType];
            if (statementType >= 0 && top == statementType && (titled ? counts : facts.Counts.Any(c => c.What is not null && c.Qualifier != CountFact.UpTo)))
            {
                var action = -1;
                for (var i = 0; i < weights.Length; i++)
                {
                    if (profile.Types[i].CountBonus > 0 && (titled ? done[i] : weights[i] > 0) && (action < 0 || weights[i] > weights[action]))
                    {
                        action = i;
                    }
                }

                if (action >= 0)
                {
                    return profile.Types[action].Type;
                }
            }

            return top < 0 ? TopicScore.OtherType : profile.Types[top].Type;
        }

        /// <summary>Most words between a type cue and a number of people for the cue to tell that number's move.</summary>
        private const int NearCount = 8;

        /// <summary>The token numbers of the counts of people (not ceilings) in the title and lead.</summary>
        private static List<int> LeadCountTokens(MatchText text, ArticleFacts facts, int leadEnd)
        {
            var tokens = new List<int>();
            foreach (var count in facts.Counts)
            {
                if (count.What is null || count.Qualifier == CountFact.UpTo || count.Start >= leadEnd)
                {
                    continue;
                }

                var lo = 0;
                var hi = text.Tokens.Count;
                while (lo < hi)
                {
                    var mid = (lo + hi) / 2;
                    if (text.Tokens[mid].Start < count.Start)
                    {
                        lo = mid + 1;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                tokens.Add(lo);
            }

            return tokens;
        }

        /// <summary>Most words before a title's colon for it to name a speaker ("مجلس القضاء الأعلى: …").</summary>
        private const int MaxSpeakerWords = 4;

        /// <summary>
        /// True when the title opens with a speaker and a colon ("السوداني: سنستقبل…", "UN: …"):
        /// at most <see cref="MaxSpeakerWords"/> words, then the colon, then the speaker's words.
        /// </summary>
        private static bool Attributed(MatchText text, int titleEnd)
        {
            if (titleEnd == 0)
            {
                return false;
            }

            var title = text.Original.AsSpan(0, titleEnd);
            var colon = title.IndexOf(':');
            if (colon <= 0 || colon > title.Length - 10)
            {
                return false;
            }

            var words = 0;
            foreach (var token in text.Tokens)
            {
                if (token.Start >= colon)
                {
                    break;
                }

                words++;
            }

            return words is > 0 and <= MaxSpeakerWords;
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
