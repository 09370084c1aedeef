using Microsoft.Extensions.Options;

namespace Monitor.Core.Classification;

/// <summary>The topics articles are scored against: one JSON file each in the topics folder.</summary>
public sealed class TopicCatalog
{
    private readonly Dictionary<string, TopicProfile> byId;

    public TopicCatalog(IOptions<ClassificationOptions> options)
        : this(LoadFolder(options.Value.ResolveTopicsPath()))
    {
    }

    public TopicCatalog(IEnumerable<TopicProfile> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        Topics = [.. topics];
        byId = new Dictionary<string, TopicProfile>(StringComparer.Ordinal);
        foreach (var topic in Topics)
        {
            if (!byId.TryAdd(topic.Id, topic))
            {
                throw new InvalidDataException($"Topic \"{topic.Id}\" is defined twice.");
            }
        }
    }

    public IReadOnlyList<TopicProfile> Topics { get; }

    /// <summary>The topic with this id, or null.</summary>
    public TopicProfile? Find(string id) => id is not null && byId.TryGetValue(id, out var topic) ? topic : null;

    /// <summary>Every *.json file of the folder, in name order; a folder without topics is an error.</summary>
    public static IReadOnlyList<TopicProfile> LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InvalidDataException($"Topics folder not found: {folder}");
        }

        var files = Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidDataException($"Topics folder {folder} has no topic files (*.json).");
        }

        return [.. files.Select(TopicProfile.Load)];
    }
}
