namespace Monitor.Core.Classification;

/// <summary>Confusion counts and the scores derived from them.</summary>
public sealed record Confusion(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    public int Total => TruePositives + FalsePositives + FalseNegatives + TrueNegatives;

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public Confusion Add(bool expected, bool predicted) => (expected, predicted) switch
    {
        (true, true) => this with { TruePositives = TruePositives + 1 },
        (false, true) => this with { FalsePositives = FalsePositives + 1 },
        (true, false) => this with { FalseNegatives = FalseNegatives + 1 },
        _ => this with { TrueNegatives = TrueNegatives + 1 },
    };

    public static Confusion Empty { get; } = new(0, 0, 0, 0);
}

/// <summary>One labelled article the classifier got wrong.</summary>
public sealed record EvaluationError(string Id, string Language, string Label, bool Predicted, double Score, string? Title);

/// <summary>Precision, recall and F1 of a labelled set, overall and per language; borderline items are left out.</summary>
public sealed record Evaluation(Confusion Overall, IReadOnlyDictionary<string, Confusion> ByLanguage, int Borderline, IReadOnlyList<EvaluationError> Errors)
{
    public const string Relevant = "relevant";
    public const string NotRelevant = "not_relevant";
    public const string BorderlineLabel = "borderline";

    /// <summary>
    /// The sets whose F1 is below <paramref name="threshold"/>: "overall", and each language that has
    /// relevant items (a language with none has no recall to speak of).
    /// </summary>
    public IReadOnlyList<(string Set, double F1)> Below(double threshold)
    {
        var below = new List<(string, double)>();
        if (Overall.F1 < threshold)
        {
            below.Add(("overall", Overall.F1));
        }

        foreach (var (language, confusion) in ByLanguage)
        {
            if (confusion.TruePositives + confusion.FalseNegatives > 0 && confusion.F1 < threshold)
            {
                below.Add((language, confusion.F1));
            }
        }

        return below;
    }

    /// <summary>Scores labelled articles; the language is the label's language when given, else the detected one.</summary>
    public static Evaluation Of(IEnumerable<(BatchArticle Article, BatchResult Result)> labelled)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        var overall = Confusion.Empty;
        var byLanguage = new SortedDictionary<string, Confusion>(StringComparer.Ordinal);
        var errors = new List<EvaluationError>();
        var borderline = 0;
        foreach (var (article, result) in labelled)
        {
            var label = article.Label?.Trim().ToLowerInvariant();
            if (label == BorderlineLabel)
            {
                borderline++;
                continue;
            }

            if (label is not (Relevant or NotRelevant))
            {
                throw new InvalidDataException($"{article.Id}: \"label\" must be \"relevant\", \"not_relevant\" or \"borderline\", not \"{article.Label}\".");
            }

            var expected = label == Relevant;
            var language = string.IsNullOrWhiteSpace(article.Language) ? result.Language : article.Language!.ToLowerInvariant();
            overall = overall.Add(expected, result.Relevant);
            byLanguage[language] = byLanguage.GetValueOrDefault(language, Confusion.Empty).Add(expected, result.Relevant);
            if (expected != result.Relevant)
            {
                errors.Add(new EvaluationError(article.Id!, language, label, result.Relevant, result.Score, article.Title));
            }
        }

        return new Evaluation(overall, byLanguage, borderline, errors);
    }
}
