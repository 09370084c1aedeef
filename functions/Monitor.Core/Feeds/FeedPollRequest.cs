using System.Text.Json;

namespace Monitor.Core.Feeds;

/// <summary>
/// One feed due for a poll, as a message on <see cref="Storage.StorageNames.FeedPollsQueue"/>: the
/// feed's id and the due time it was sent for. A poll that finds the feed checked at or after that
/// time does nothing, so a message sent twice for one due time polls the feed once.
/// </summary>
/// <param name="Feed">The source id.</param>
/// <param name="Due">When the feed was due.</param>
public sealed record FeedPollRequest(string Feed, DateTimeOffset Due)
{
    /// <summary>The message text: JSON.</summary>
    public string ToMessage() => JsonSerializer.Serialize(this, MonitorJson.Options);

    /// <summary>The request a message holds; throws <see cref="FormatException"/> when it holds none.</summary>
    public static FeedPollRequest Parse(string message)
    {
        try
        {
            return JsonSerializer.Deserialize<FeedPollRequest>(message, MonitorJson.Options) is { Feed.Length: > 0 } request
                ? request
                : throw new FormatException("A feed poll message needs a \"feed\" and a \"due\" time.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"A feed poll message is not valid JSON: {e.Message}", e);
        }
    }
}
