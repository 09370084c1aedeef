using System.ComponentModel;
using System.Globalization;
using Monitor.Core.Digests;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Monitor.Local;

/// <summary>What every command on a JSON Lines file of articles takes: the file and the topic.</summary>
internal abstract class ArticleFileSettings : CommandSettings
{
    [CommandOption("--in <FILE>", isRequired: true)]
    [Description("JSON Lines file of articles: {\"id\",\"title\",\"text\"} and optional url, source, published, language.")]
    public string? In { get; init; }

    [CommandOption("--topic <ID>")]
    [Description("Topic profile (config/topics/ID.json).")]
    [DefaultValue(BatchCommands.DefaultTopic)]
    public string Topic { get; init; } = BatchCommands.DefaultTopic;

    public override ValidationResult Validate() =>
        File.Exists(In) ? ValidationResult.Success() : ValidationResult.Error($"--in: no such file: {In}");

    /// <summary>A share from 0 to 1, or the error that names the option.</summary>
    protected static ValidationResult Share(string option, double? value) =>
        value is null or (>= 0 and <= 1)
            ? ValidationResult.Success()
            : ValidationResult.Error($"{option} must be a number from 0 to 1, not {value.Value.ToString(CultureInfo.InvariantCulture)}.");
}

internal sealed class ClassifySettings : ArticleFileSettings
{
    [CommandOption("--out <FILE>")]
    [Description("Where the results go (standard output without it).")]
    public string? Out { get; init; }
}

internal sealed class EvalSettings : ArticleFileSettings
{
    [CommandOption("--min-f1 <X>")]
    [Description("Exit 1 when the overall F1, or the F1 of any language with relevant items, is below X.")]
    public double? MinF1 { get; init; }

    [CommandOption("--min-together <X>")]
    [Description("Exit 1 when the share of same-event pairs in one development is below X.")]
    public double? MinTogether { get; init; }

    [CommandOption("--min-apart <X>")]
    [Description("Exit 1 when the share of different-event pairs kept apart is below X.")]
    public double? MinApart { get; init; }

    [CommandOption("--min-bcubed <X>")]
    [Description("Exit 1 when the B-cubed F1 of the developments is below X.")]
    public double? MinBcubed { get; init; }

    [CommandOption("--min-type <X>")]
    [Description("Exit 1 when the share of reports whose development has their labelled type is below X.")]
    public double? MinType { get; init; }

    [CommandOption("--fit")]
    [Description("Fit the join score's weights and thresholds on the file and print them for the topic file's \"grouping\" section.")]
    public bool Fit { get; init; }

    [CommandOption("--explain <ID,ID>")]
    [Description("Print one pair's join features, each with its weight, and what each report's lead names.")]
    public string? Explain { get; init; }

    public override ValidationResult Validate()
    {
        foreach (var check in new[]
        {
            base.Validate(), Share("--min-f1", MinF1), Share("--min-together", MinTogether), Share("--min-apart", MinApart),
            Share("--min-bcubed", MinBcubed), Share("--min-type", MinType),
        })
        {
            if (!check.Successful)
            {
                return check;
            }
        }

        return Explain is null || Explain.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length == 2
            ? ValidationResult.Success()
            : ValidationResult.Error($"--explain takes two article ids as ID,ID, not '{Explain}'.");
    }
}

internal sealed class DigestSettings : ArticleFileSettings
{
    [CommandOption("--format <FORMAT>")]
    [Description("json, md, html, rss, atom or csv.")]
    [DefaultValue("json")]
    public string Format { get; init; } = "json";

    [CommandOption("--out <FILE>")]
    [Description("Where the digest goes (standard output without it).")]
    public string? Out { get; init; }

    [CommandOption("--since <T>")]
    [Description("Only developments updated since T: an ISO 8601 time, or a duration back from now (30m, 24h, 7d, 2w).")]
    public string? Since { get; init; }

    [CommandOption("--until <T>")]
    [Description("Only developments updated until T (as --since).")]
    public string? Until { get; init; }

    [CommandOption("--lang <ar|en>")]
    [Description("Developments with an article in that language, headlines in it where one has one.")]
    public string? Lang { get; init; }

    [CommandOption("--hl <en|ar>")]
    [Description("The reader's language: every headline and summary in it (a title in it, else the generated fact line); filters nothing.")]
    public string? Hl { get; init; }

    [CommandOption("--source <ID,..>")]
    [Description("Developments with an article from one of these sources.")]
    public string? Source { get; init; }

    [CommandOption("--type <TYPE,..>")]
    [Description("transfer, repatriation, facility_handover, plan_or_agreement, statement, other.")]
    public string? Type { get; init; }

    [CommandOption("--min-score <X>")]
    [Description("Developments at least this important (0 to 1).")]
    public double? MinScore { get; init; }

    [CommandOption("-q|--query <WORDS>")]
    [Description("Words that must all appear, matched as the classifier matches them (the API's q; --q is read as --query).")]
    public string? Q { get; init; }

    [CommandOption("--limit <N>")]
    [Description("At most N developments (1 to 500; all of them without it).")]
    public int? Limit { get; init; }

    public override ValidationResult Validate()
    {
        var file = base.Validate();
        if (!file.Successful)
        {
            return file;
        }

        if (DigestFormats.Parse(Format) is null)
        {
            return ValidationResult.Error($"--format must be {DigestFormats.Names}, not '{Format}'.");
        }

        var errors = new List<string>();
        Query(DateTimeOffset.UtcNow, errors);
        return errors.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join("; ", errors));
    }

    /// <summary>The filters and window as the API reads them from its query string; each problem added to <paramref name="errors"/>.</summary>
    public (DigestFilters Filters, DateTimeOffset? Since, DateTimeOffset? Until) Query(DateTimeOffset now, List<string> errors)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (parameter, value) in new[]
        {
            (DigestQueryParser.LanguageParameter, Lang), (DigestQueryParser.ReaderLanguageParameter, Hl), (DigestQueryParser.SourceParameter, Source),
            (DigestQueryParser.TypeParameter, Type), (DigestQueryParser.MinScoreParameter, MinScore?.ToString(CultureInfo.InvariantCulture)),
            (DigestQueryParser.TextParameter, Q), (DigestQueryParser.LimitParameter, Limit?.ToString(CultureInfo.InvariantCulture)),
        })
        {
            if (value is not null)
            {
                values[parameter] = value;
            }
        }

        var filters = DigestQueryParser.ReadFilters(values, errors);
        if (Limit is null)
        {
            // Offline, every development is on one page: the digest covers every input article.
            filters = filters with { Limit = int.MaxValue };
        }

        var since = Since is null ? null : DigestQueryParser.ReadTime("--since", Since, now, errors);
        var until = Until is null ? null : DigestQueryParser.ReadTime("--until", Until, now, errors);
        return (filters, since, until);
    }
}

/// <summary><c>monitor classify</c>.</summary>
internal sealed class ClassifyCommand : AsyncCommand<ClassifySettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, ClassifySettings settings, CancellationToken cancellationToken) =>
        BatchCommands.ClassifyAsync(settings, cancellationToken);
}

/// <summary><c>monitor eval</c>.</summary>
internal sealed class EvalCommand : AsyncCommand<EvalSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, EvalSettings settings, CancellationToken cancellationToken) =>
        BatchCommands.EvalAsync(settings, cancellationToken);
}

/// <summary><c>monitor digest</c>.</summary>
internal sealed class DigestCommand : AsyncCommand<DigestSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, DigestSettings settings, CancellationToken cancellationToken) =>
        BatchCommands.DigestAsync(settings, cancellationToken);
}
