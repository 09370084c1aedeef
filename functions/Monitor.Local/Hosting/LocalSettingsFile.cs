using System.Text.Json;

namespace Monitor.Local.Hosting;

/// <summary>
/// Reads the "Values" of a Functions <c>local.settings.json</c>, so the local host and
/// <c>func start</c> share one settings file. Keys use "__" for sections, as app settings do.
/// </summary>
public static class LocalSettingsFile
{
    public const string FileName = "local.settings.json";

    public static IReadOnlyDictionary<string, string?> Read(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, string?>();
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] =
                    property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
            }
        }

        return values;
    }
}
