using Monitor.Core.Classification;

namespace Monitor.Core.Articles;

/// <summary>
/// Whether what came as an article's title is a headline. Feeds and scrapers give as "title" what is
/// only the text's first line: a dateline ("شفق نيوز- واشنطن"), a by-line ("كتب : صفاء مصطفى...
/// العرب نيوز اللندنية"), a date line, a caption, the outlet's name, or the first paragraph behind a
/// "date 2026-01-23" marker. Such a title is read as the first line of the text, where the dateline
/// reader skips it and the date reader finds its date, and the article counts as title-less: its
/// headline is then the first sentence that carries the news.
/// </summary>
public static class ArticleTitles
{
    /// <summary>True when <paramref name="title"/> is a headline: not blank, not furniture, not a text's first line.</summary>
    /// <param name="title">The title as given.</param>
    /// <param name="outlet">The outlet's name, when known: a title that is only that name is no headline.</param>
    public static bool IsHeadline(string? title, string? outlet = null) =>
        !string.IsNullOrWhiteSpace(title) && !Datelines.StartsWithDate(title) && !Datelines.IsFurniture(title, outlet);

    /// <summary>
    /// The title and the text to read: the same when the title is a headline; otherwise no title,
    /// and the text with what came as a title as its first line.
    /// </summary>
    public static (string? Title, string Text) Separate(string? title, string? text, string? outlet = null)
    {
        text ??= "";
        if (string.IsNullOrWhiteSpace(title))
        {
            return (null, text);
        }

        return IsHeadline(title, outlet) ? (title, text) : (null, title.Trim() + "\n" + text);
    }
}
