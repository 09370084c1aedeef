using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Monitor.Core.Feeds;

/// <summary>The feeds listed in the sources file. Adding a source is editing that file.</summary>
public sealed partial class SourceCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public SourceCatalog(IOptions<FeedOptions> options)
        : this(Load(options.Value.ResolveSourcesPath()))
    {
    }

    public SourceCatalog(IReadOnlyList<FeedSource> sources)
    {
        Sources = sources;
        ById = sources.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<FeedSource> Sources { get; }

    public IReadOnlyDictionary<string, FeedSource> ById { get; }

    public IEnumerable<FeedSource> Enabled => Sources.Where(s => s.Enabled);

    /// <summary>Reads and checks a sources file; every problem is named with the entry it is in.</summary>
    public static IReadOnlyList<FeedSource> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Sources file not found: {path}");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads and checks the text of a sources file; <paramref name="origin"/> names it in errors.</summary>
    public static IReadOnlyList<FeedSource> Parse(string json, string origin)
    {
        SourcesFile? file;
        try
        {
            file = JsonSerializer.Deserialize<SourcesFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Sources file {origin} is not valid JSON: {e.Message}", e);
        }

        if (file?.Sources is null)
        {
            throw new InvalidDataException($"Sources file {origin} has no \"sources\" array.");
        }

        return Validate(file.Sources, origin);
    }

    public static IReadOnlyList<FeedSource> Validate(IReadOnlyList<FeedSourceEntry> entries, string origin)
    {
        var problems = new List<string>();
        var result = new List<FeedSource>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var where = $"sources[{i}]{(string.IsNullOrWhiteSpace(e.Id) ? "" : $" ({e.Id})")}";
            if (string.IsNullOrWhiteSpace(e.Id) || !IdPattern().IsMatch(e.Id))
            {
                problems.Add($"{where}: \"id\" must be lower-case letters, digits and dashes, 1 to 63 characters.");
            }
            else if (!ids.Add(e.Id))
            {
                problems.Add($"{where}: \"id\" is used twice.");
            }

            if (!Uri.TryCreate(e.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"{where}: \"url\" must be an absolute http or https address.");
            }

            if (string.IsNullOrWhiteSpace(e.Language) || e.Language.Length is < 2 or > 8)
            {
                problems.Add($"{where}: \"language\" must be a language code such as \"ar\" or \"en\".");
            }

            if (e.PollIntervalMinutes is < 1 or > 1440)
            {
                problems.Add($"{where}: \"pollIntervalMinutes\" must be between 1 and 1440.");
            }

            if (problems.Count == 0)
            {
                result.Add(new FeedSource
                {
                    Id = e.Id!,
                    Name = string.IsNullOrWhiteSpace(e.Name) ? e.Id! : e.Name!,
                    Url = url!,
                    Language = e.Language!.ToLowerInvariant(),
                    Outlet = string.IsNullOrWhiteSpace(e.Outlet) ? e.Name ?? e.Id! : e.Outlet!,
                    Enabled = e.Enabled,
                    FetchPages = e.FetchPages,
                    PollIntervalMinutes = e.PollIntervalMinutes,
                });
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"Sources file {origin} has errors:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        return result;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex IdPattern();

    public sealed class SourcesFile
    {
        [JsonPropertyName("sources")]
        public List<FeedSourceEntry>? Sources { get; set; }
    }

    /// <summary>One entry of the sources file as written.</summary>
    public sealed class FeedSourceEntry
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? Url { get; set; }

        public string? Language { get; set; }

        public string? Outlet { get; set; }

        public bool Enabled { get; set; } = true;

        /// <summary>Fetch each new item's web page and keep its main text (<see cref="FeedSource.FetchPages"/>).</summary>
        public bool FetchPages { get; set; }

        public int PollIntervalMinutes { get; set; } = 15;
    }
}
