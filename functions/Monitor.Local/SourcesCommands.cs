using System.ComponentModel;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Monitor.Core.Feeds;
using Monitor.Local.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Monitor.Local;

internal sealed class SourcesCheckSettings : CommandSettings
{
    [CommandOption("--source <ID,..>")]
    [Description("Only these sources (ids of the sources file, comma-separated).")]
    public string? Source { get; init; }

    /// <summary>The ids asked for; empty for every source.</summary>
    public IReadOnlyList<string> Ids => (Source ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override ValidationResult Validate() =>
        Source is not null && Ids.Count == 0 ? ValidationResult.Error("--source takes source ids, as ID or ID,ID.") : ValidationResult.Success();
}

internal sealed class SourcesFindSettings : CommandSettings
{
    [CommandArgument(0, "<URL>")]
    [Description("The address of a site's page, such as its home page.")]
    public string Url { get; init; } = "";

    public Uri Address => new(Url, UriKind.Absolute);

    public override ValidationResult Validate() =>
        Uri.TryCreate(Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? ValidationResult.Success()
            : ValidationResult.Error($"URL must be an absolute http or https address, not '{Url}'.");
}

/// <summary>
/// <c>monitor sources check</c>: every configured source (or those asked for) fetched and parsed once, as a
/// poll would, under the same settings as the host, with nothing stored; a table of what each gave.
/// </summary>
internal sealed class SourcesCheckCommand : AsyncCommand<SourcesCheckSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SourcesCheckSettings settings, CancellationToken cancellationToken)
    {
        using var services = SourceTools.Build(context);
        var catalog = services.GetRequiredService<SourceCatalog>();
        var unknown = settings.Ids.Where(id => !catalog.ById.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidDataException($"--source: no source {string.Join(", ", unknown)} in the sources file; it has {string.Join(", ", catalog.Sources.Select(s => s.Id))}.");
        }

        var sources = settings.Ids.Count == 0 ? catalog.Sources : [.. settings.Ids.Distinct(StringComparer.Ordinal).Select(id => catalog.ById[id])];
        var console = SourceTools.Console();
        var results = await SourceTools.WhileAsync(console, $"Checking {sources.Count} source(s)…",
            () => services.GetRequiredService<SourceCheck>().CheckAsync([.. sources.Select(s => s.Url)], cancellationToken));

        var table = SourceTools.Table("source");
        for (var i = 0; i < sources.Count; i++)
        {
            var (source, result) = (sources[i], results[i]);
            var status = (result.Succeeded ? "[green]ok[/]" : "[red]failing[/]") + (source.Enabled ? "" : " [grey](disabled)[/]");
            var language = result.Language is { } detected && detected != source.Language
                ? $"{detected} [yellow](configured {Markup.Escape(source.Language)})[/]"
                : result.Language ?? "";
            SourceTools.AddRow(table, Markup.Escape(source.Id), status, result, language);
        }

        console.Write(table);
        var failing = sources.Where((s, i) => s.Enabled && !results[i].Succeeded).Select(s => s.Id).ToList();
        var enabled = sources.Count(s => s.Enabled);
        console.MarkupLine(failing.Count == 0
            ? $"[green]{enabled} enabled source(s) answer with a feed.[/]"
            : $"[red]{failing.Count} of {enabled} enabled source(s) fail:[/] {Markup.Escape(string.Join(", ", failing))}");
        return failing.Count == 0 ? 0 : 1;
    }
}

/// <summary>
/// <c>monitor sources find URL</c>: the feeds a page advertises (or, when it advertises none, the common
/// addresses of its site), each checked once, and a sources.json entry for each one that works.
/// </summary>
internal sealed partial class SourcesFindCommand : AsyncCommand<SourcesFindSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SourcesFindSettings settings, CancellationToken cancellationToken)
    {
        using var services = SourceTools.Build(context);
        var check = services.GetRequiredService<SourceCheck>();
        var fetcher = new FeedFetcher(services.GetRequiredService<IHttpClientFactory>(), services.GetRequiredService<IOptions<FeedOptions>>().Value);
        var console = SourceTools.Console();
        var url = settings.Address;

        var page = await fetcher.FetchPageAsync(url, cancellationToken);
        var candidates = new List<(Uri Url, string From, string? Title)>();
        string? pageTitle = null;
        if (page.FailureReason is FeedFailureReason.BlockedAddress or FeedFailureReason.NetworkError or FeedFailureReason.Timeout)
        {
            // The site itself cannot be reached: its other addresses cannot either.
            throw new InvalidDataException($"{url.AbsoluteUri} could not be read: {page.Error}");
        }

        if (!page.Succeeded)
        {
            console.MarkupLine($"The page could not be read ({Markup.Escape(page.Error ?? "")}); trying the common addresses of its site.");
        }
        else if (IsFeed(page))
        {
            candidates.Add((url, "the address itself", null));
        }
        else
        {
            var discovered = FeedDiscovery.Read(FeedDecoding.DecodePage(page.Body ?? [], page.Charset), page.FinalUrl);
            pageTitle = discovered.Title;
            candidates.AddRange(discovered.Feeds.Select(f => (f.Url, f.MediaType.Contains("atom", StringComparison.Ordinal) ? "advertised (Atom)" : "advertised (RSS)", f.Title)));
        }

        if (candidates.Count == 0)
        {
            candidates.AddRange(FeedDiscovery.CommonAddresses(page.FinalUrl).Select(a => (a, "common address", (string?)null)));
        }

        var results = await SourceTools.WhileAsync(console, $"Checking {candidates.Count} address(es)…",
            () => check.CheckAsync([.. candidates.Select(c => c.Url)], cancellationToken));

        var table = SourceTools.Table("feed");
        table.AddColumn("found as");
        for (var i = 0; i < candidates.Count; i++)
        {
            var status = results[i].Succeeded ? "[green]ok[/]" : "[red]failing[/]";
            SourceTools.AddRow(table, Markup.Escape(candidates[i].Url.AbsoluteUri), status, results[i], results[i].Language ?? "", Markup.Escape(candidates[i].From));
        }

        console.Write(table);
        var working = candidates.Select((c, i) => (c.Url, c.Title, Result: results[i])).Where(c => c.Result.Succeeded).ToList();
        if (working.Count == 0)
        {
            console.MarkupLine($"[red]No feed found at {Markup.Escape(url.AbsoluteUri)}.[/]");
            return 1;
        }

        console.WriteLine();
        console.WriteLine($"Paste into the \"sources\" array of {services.GetRequiredService<IOptions<FeedOptions>>().Value.SourcesPath}:");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (feedUrl, title, result) in working)
        {
            var language = result.Language is "ar" or "en" ? result.Language : "en";
            var entry = new SourceCatalog.FeedSourceEntry
            {
                Id = UniqueId(ids, feedUrl, language),
                Name = result.Title ?? title ?? pageTitle ?? feedUrl.Host,
                Url = feedUrl.AbsoluteUri,
                Language = language,
                Outlet = pageTitle ?? result.Title ?? feedUrl.Host,
                Enabled = true,
                PollIntervalMinutes = 15,
            };
            console.WriteLine(JsonSerializer.Serialize(entry, EntryJson) + ",");
        }

        return 0;
    }

    private static readonly JsonSerializerOptions EntryJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>True when the page's own body reads as a feed (the address given is a feed).</summary>
    private static bool IsFeed(FeedFetchResult page)
    {
        try
        {
            FeedDocument.Parse(FeedDecoding.Decode(page.Body ?? [], page.Charset), page.FinalUrl);
            return true;
        }
        catch (FeedFormatException)
        {
            return false;
        }
    }

    /// <summary>An id as the sources file wants it, from the feed's host and language: "example-com-ar".</summary>
    private static string UniqueId(HashSet<string> taken, Uri url, string language)
    {
        var host = url.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? url.Host[4..] : url.Host;
        var stem = NotIdCharacters().Replace(host.ToLowerInvariant(), "-").Trim('-');
        stem = (stem.Length == 0 ? "feed" : stem[..Math.Min(stem.Length, 50)]) + "-" + language;
        var id = stem;
        for (var n = 2; !taken.Add(id); n++)
        {
            id = $"{stem}-{n.ToString(CultureInfo.InvariantCulture)}";
        }

        return id;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotIdCharacters();
}

/// <summary>What the sources commands share: the host's feed settings and services, and their table.</summary>
internal static class SourceTools
{
    /// <summary>The feed services under the settings the host reads (local.settings.json, environment, --Section:Key=value).</summary>
    public static ServiceProvider Build(CommandContext context)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. context.Data as IReadOnlyList<string> ?? []],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = LocalHost.EnvironmentName,
        });
        LocalHost.AddSettings(builder.Configuration, new Dictionary<string, string?>());
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(builder.Configuration);
        services.AddSourceChecks();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // A wrong setting says so now, in one line, as the host would at start.
        _ = provider.GetRequiredService<IOptions<FeedOptions>>().Value;
        return provider;
    }

    public static IAnsiConsole Console() => Terminal.Create(System.Console.Out, 200);

    /// <summary>Runs <paramref name="work"/> under a spinner on a terminal; with nothing shown when written to a file or a pipe.</summary>
    public static Task<T> WhileAsync<T>(IAnsiConsole console, string what, Func<Task<T>> work) =>
        console.Profile.Capabilities.Interactive ? console.Status().StartAsync(what, _ => work()) : work();

    public static Table Table(string first)
    {
        var table = new Table();
        foreach (var column in new[] { first, "status", "HTTP", "time", "items", "language", "newest item", "title or reason" })
        {
            table.AddColumn(column);
        }

        return table;
    }

    public static void AddRow(Table table, string first, string status, SourceCheckResult result, string language, params string[] more)
    {
        var detail = result.Succeeded
            ? result.Title ?? ""
            : $"{result.FailureReason!.Value.ToSnakeCase()}: {result.Error}";
        table.AddRow(
        [
            first,
            status,
            result.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "—",
            $"{result.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s",
            result.Succeeded ? result.Items.ToString(CultureInfo.InvariantCulture) : "",
            language,
            result.Newest?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "",
            Markup.Escape(detail),
            .. more,
        ]);
    }
}
