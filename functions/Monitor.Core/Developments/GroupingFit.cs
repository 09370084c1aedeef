namespace Monitor.Core.Developments;

/// <summary>
/// Fits the join score's bias and weights on labelled articles: a logistic regression (L2
/// penalty, batch gradient descent) of "same event" on the features of every pair that the
/// grouping would score (dated pairs within the longest gap, and every pair with an undated
/// article). Pairs kept apart by a cannot-link rule are left out: no weight changes them. The
/// penalty draws each weight towards its prior (<see cref="GroupingRules.DefaultWeights"/>), not
/// towards 0: a feature the set rarely shows keeps what is known of it.
/// </summary>
public static class GroupingFit
{
    /// <summary>The fitted bias and weights, the pairs they were fitted on, and the thresholds that group the file best with them.</summary>
    public sealed record Result(double Bias, IReadOnlyDictionary<JoinFeature, double> Weights, int Pairs, int SameEventPairs, double LogLoss)
    {
        public double Threshold { get; init; }

        public double UndatedThreshold { get; init; }

        public double MinAverageLink { get; init; }

        /// <summary>B-cubed F1 of the file grouped with the fitted weights and thresholds.</summary>
        public double BCubedF1 { get; init; }
    }

    /// <summary>
    /// Fits the weights on the labelled articles (each one's best-scored story), then the thresholds
    /// and least mean link that give the best B-cubed F1 when the file is grouped with them (the
    /// highest threshold among equals).
    /// </summary>
    public static Result Fit(IReadOnlyList<LabelledEvent> events, IReadOnlyList<DevelopmentArticle> members, GroupingRules rules)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(rules);
        var eventOf = events.ToDictionary(e => e.Id, e => e.Event, StringComparer.Ordinal);
        var labelled = members.Where(m => eventOf.ContainsKey(m.Id)).GroupBy(m => m.Id).Select(g => (g.OrderByDescending(m => m.Score).First(), eventOf[g.Key])).ToList();
        var fitted = Fit(labelled, new JoinScore(rules));

        var best = fitted with { BCubedF1 = -1 };
        foreach (var least in Enumerable.Range(0, 29).Select(i => -5.0 + (i * 0.25)))
        {
            foreach (var average in new[] { 0.1, 0.2, 0.3, 0.4 })
            {
                foreach (var undatedMargin in new[] { 0.0, 0.5, 1.0, 2.0 })
                {
                    var trial = new DevelopmentGrouper(rules.With(fitted.Bias, fitted.Weights, least, least + undatedMargin, average));
                    var f1 = GroupingEvaluation.Of(events, trial.Developments(members), trial.Scorer).BCubedF1;
                    if (f1 >= best.BCubedF1 - 1e-9)
                    {
                        best = fitted with { Threshold = least, UndatedThreshold = least + undatedMargin, MinAverageLink = average, BCubedF1 = f1 };
                    }
                }
            }
        }

        return best;
    }

    public static Result Fit(IReadOnlyList<(DevelopmentArticle Article, string Event)> labelled, JoinScore scorer, double penalty = 0.001, int iterations = 6000)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        ArgumentNullException.ThrowIfNull(scorer);
        var items = labelled.OrderBy(l => l.Article.Key, StringComparer.Ordinal).Select(l => (Prepared: scorer.Prepare(l.Article), l.Event)).ToList();
        var rows = new List<(double[] X, double Y)>();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                var pair = scorer.Score(items[i].Prepared, items[j].Prepared);
                if (pair.Apart is null)
                {
                    rows.Add((pair.Features, items[i].Event == items[j].Event ? 1 : 0));
                }
            }
        }

        var features = Enum.GetValues<JoinFeature>().Length;
        var w = new double[features];
        var prior = new double[features];
        var bias = scorer.Rules.Bias;
        for (var f = 0; f < features; f++)
        {
            prior[f] = GroupingRules.DefaultWeights.GetValueOrDefault((JoinFeature)f);
            w[f] = prior[f];
        }

        if (rows.Count == 0)
        {
            return new Result(bias, Weights(w), 0, 0, 0);
        }

        const double rate = 2.0;
        var loss = 0.0;
        for (var it = 0; it < iterations; it++)
        {
            var gradient = new double[features];
            var gradientBias = 0.0;
            loss = 0;
            foreach (var (x, y) in rows)
            {
                var z = bias;
                for (var f = 0; f < features; f++)
                {
                    z += w[f] * x[f];
                }

                var p = 1 / (1 + Math.Exp(-z));
                var error = p - y;
                gradientBias += error;
                for (var f = 0; f < features; f++)
                {
                    gradient[f] += error * x[f];
                }

                loss -= y == 1 ? Math.Log(Math.Max(p, 1e-12)) : Math.Log(Math.Max(1 - p, 1e-12));
            }

            bias -= rate * gradientBias / rows.Count;
            for (var f = 0; f < features; f++)
            {
                w[f] -= rate * ((gradient[f] / rows.Count) + (penalty * (w[f] - prior[f])));
            }
        }

        return new Result(Math.Round(bias, 2), Weights(w), rows.Count, rows.Count(r => r.Y == 1), loss / rows.Count);
    }

    private static Dictionary<JoinFeature, double> Weights(double[] w) =>
        Enum.GetValues<JoinFeature>().ToDictionary(f => f, f => Math.Round(w[(int)f], 2));
}
