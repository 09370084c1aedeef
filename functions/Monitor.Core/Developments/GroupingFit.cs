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
    /// <summary>The fitted bias and weights, and the pairs they were fitted on.</summary>
    public sealed record Result(double Bias, IReadOnlyDictionary<JoinFeature, double> Weights, int Pairs, int SameEventPairs, double LogLoss);

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
