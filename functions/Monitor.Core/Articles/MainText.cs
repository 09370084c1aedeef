using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Monitor.Core.Articles;

/// <summary>A page's title (null when it has none) and its main text, paragraphs joined with blank lines.</summary>
public sealed record PageText(string? Title, string Text);

/// <summary>
/// Finds the article in a fetched web page, readability-style: scripts, navigation, headers,
/// footers, asides, forms, figure captions and blocks whose class or id reads as related links,
/// teasers, sharing, comments, newsletters, adverts, sidebars or menus are dropped; the
/// <c>&lt;article&gt;</c> (or, failing one, the element) holding the most paragraph text that is not
/// link text is kept and turned into plain text with <see cref="HtmlText"/>. The title comes from
/// <c>og:title</c>, else the first <c>&lt;h1&gt;</c>, else <c>&lt;title&gt;</c>.
/// </summary>
public static partial class MainText
{
    private static readonly HtmlParser Parser = new();

    private static readonly string[] ClutterTags =
    [
        "script", "style", "noscript", "template", "iframe", "svg", "nav", "header", "footer", "aside",
        "form", "figcaption", "button", "select", "textarea", "dialog",
    ];

    private static readonly HashSet<string> ClutterRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog",
    };

    /// <summary>The title and main text of <paramref name="html"/>; an empty text for blank or contentless input.</summary>
    public static PageText FromHtml(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return new PageText(null, "");
        }

        using var document = Parser.ParseDocument(html);
        var title = TitleOf(document);
        RemoveClutter(document);

        var root = ContentRoot(document);
        if (root is null)
        {
            return new PageText(title, "");
        }

        var lines = HtmlText.ToPlainText(root.OuterHtml).Split('\n');
        var paragraphs = new List<string>(lines.Length);
        foreach (var line in lines)
        {
            if (line.Length == 0 || SameText(line, title) || (paragraphs.Count > 0 && paragraphs[^1] == line))
            {
                continue;
            }

            paragraphs.Add(line);
        }

        return new PageText(title, string.Join("\n\n", paragraphs));
    }

    private static string? TitleOf(IDocument document)
    {
        var og = document.QuerySelector("meta[property='og:title'], meta[name='og:title']")?.GetAttribute("content");
        if (Clean(og) is { } fromOg)
        {
            return fromOg;
        }

        var h1 = document.QuerySelector("article h1") ?? document.QuerySelector("h1");
        if (Clean(h1?.TextContent) is { } fromH1)
        {
            return fromH1;
        }

        return Clean(document.Head?.QuerySelector("title")?.TextContent ?? document.QuerySelector("title")?.TextContent) is { } fromTitle
            ? WithoutSiteName(fromTitle)
            : null;
    }

    /// <summary>"Story title | Site" → "Story title", when the first part reads as a title.</summary>
    private static string WithoutSiteName(string title)
    {
        var parts = SiteSeparator().Split(title);
        return parts.Length > 1 && parts[0].Split(' ').Length >= 3 ? parts[0] : title;
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Whitespace().Replace(text, " ").Trim();
    }

    private static bool SameText(string line, string? title) =>
        title is not null && string.Equals(Whitespace().Replace(line, " ").Trim(), title, StringComparison.Ordinal);

    private static void RemoveClutter(IDocument document)
    {
        var clutter = new HashSet<IElement>(document.QuerySelectorAll(string.Join(", ", ClutterTags)));
        var pageScore = document.Body is { } body ? ParagraphScore(body) : 0;
        foreach (var element in document.All.ToList())
        {
            if (element is IHtmlHtmlElement or IHtmlHeadElement or IHtmlBodyElement || clutter.Contains(element))
            {
                continue;
            }

            if (element.HasAttribute("hidden")
                || (element.GetAttribute("role") is { } role && ClutterRoles.Contains(role))
                || (IsClutterByName(element) && !HoldsTheContent(element, pageScore)))
            {
                clutter.Add(element);
            }
        }

        foreach (var element in clutter)
        {
            element.Remove();
        }
    }

    /// <summary>
    /// Whether the element's class or id names it as page furniture. An &lt;article&gt; or &lt;main&gt;
    /// whose names also say it holds the content ("post has-comments") is not.
    /// </summary>
    private static bool IsClutterByName(IElement element)
    {
        var names = $"{element.ClassName} {element.Id}";
        if (string.IsNullOrWhiteSpace(names) || !ClutterName().IsMatch(names))
        {
            return false;
        }

        return !(element.LocalName is "article" or "main" && ContentName().IsMatch(names));
    }

    /// <summary>
    /// Whether an element named like furniture is in fact a wrapper of the page's content
    /// ("page with-sidebar"): it holds the page's heading or most of its paragraph text.
    /// </summary>
    private static bool HoldsTheContent(IElement element, double pageScore) =>
        element.QuerySelector("h1") is not null || (pageScore > 0 && ParagraphScore(element) * 2 > pageScore);

    /// <summary>
    /// The best &lt;article&gt; by paragraph score, unless another element scores at least twice as
    /// high; without articles, the element whose paragraphs score highest; the body when no
    /// paragraph has any text.
    /// </summary>
    private static IElement? ContentRoot(IDocument document)
    {
        var scores = new Dictionary<IElement, double>();
        foreach (var paragraph in document.QuerySelectorAll("p"))
        {
            var score = Score(paragraph);
            if (score <= 0)
            {
                continue;
            }

            if (paragraph.ParentElement is { } parent)
            {
                scores[parent] = scores.GetValueOrDefault(parent) + score;
                if (parent.ParentElement is { } grandparent)
                {
                    scores[grandparent] = scores.GetValueOrDefault(grandparent) + (score / 2);
                }
            }
        }

        IElement? best = null;
        var bestScore = 0.0;
        foreach (var (element, score) in scores)
        {
            if (score > bestScore || (best is not null && score == bestScore && element.Contains(best)))
            {
                best = element;
                bestScore = score;
            }
        }

        IElement? bestArticle = null;
        var bestArticleScore = 0.0;
        foreach (var article in document.QuerySelectorAll("article"))
        {
            var score = ParagraphScore(article);
            if (score > bestArticleScore)
            {
                bestArticle = article;
                bestArticleScore = score;
            }
        }

        if (bestArticle is not null && bestArticleScore * 2 >= bestScore)
        {
            return bestArticle;
        }

        return best ?? (document.Body is { } body && !string.IsNullOrWhiteSpace(body.TextContent) ? body : null);
    }

    /// <summary>The summed <see cref="Score"/> of the paragraphs inside <paramref name="element"/>.</summary>
    private static double ParagraphScore(IElement element) => element.QuerySelectorAll("p").Sum(Score);

    /// <summary>A paragraph's text length, less the share of it that is link text.</summary>
    private static double Score(IElement paragraph)
    {
        var length = Whitespace().Replace(paragraph.TextContent, " ").Trim().Length;
        if (length == 0)
        {
            return 0;
        }

        var linkLength = paragraph.QuerySelectorAll("a").Sum(a => Whitespace().Replace(a.TextContent, " ").Trim().Length);
        var linkDensity = Math.Min(1.0, (double)linkLength / length);
        return length * (1 - linkDensity);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s+[|–—-]\s+")]
    private static partial Regex SiteSeparator();

    /// <summary>A class or id part (between spaces, hyphens or underscores) naming page furniture.</summary>
    [GeneratedRegex(
        @"(?:^|[\s_-])(?:related|teasers?|share|sharing|social|comments?|newsletters?|subscribe|subscription|adverts?|advertisements?|advertising|ads?|adslot|sponsored|sponsors?|promo|promos|promoted|sidebar|menu|navbar|nav|breadcrumbs?|recommended|recommendations?|tags|cookies?|popup|modal|outbrain|taboola)(?=$|[\s_-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClutterName();

    [GeneratedRegex(@"(?:^|[\s_-])(?:article|content|main|body|story|post|entry)(?=$|[\s_-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContentName();
}
