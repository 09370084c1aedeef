namespace Monitor.Core.Feeds;

/// <summary>A fetched document that is not a usable feed: an HTML page, a bot wall, or malformed XML.</summary>
public sealed class FeedFormatException : Exception
{
    public FeedFormatException()
        : this(FeedFailureReason.MalformedFeed, "The document is not a feed.")
    {
    }

    public FeedFormatException(string message)
        : this(FeedFailureReason.MalformedFeed, message)
    {
    }

    public FeedFormatException(string message, Exception innerException)
        : this(FeedFailureReason.MalformedFeed, message, innerException)
    {
    }

    public FeedFormatException(FeedFailureReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary><see cref="FeedFailureReason.NotAFeed"/>, <see cref="FeedFailureReason.BotWall"/> or <see cref="FeedFailureReason.MalformedFeed"/>.</summary>
    public FeedFailureReason Reason { get; }
}
