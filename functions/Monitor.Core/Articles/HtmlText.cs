using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Monitor.Core.Articles;

/// <summary>
/// Turns a feed's HTML (a summary, a title, sometimes a whole page) into readable plain text:
/// scripts, styles, embeds and figure captions are dropped, block elements become line breaks,
/// entities are decoded and whitespace is collapsed. Text without tags keeps its lines.
/// </summary>
public static partial class HtmlText
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "iframe", "figcaption", "template", "svg", "math",
        "object", "embed", "canvas", "video", "audio", "head", "title", "button", "select", "textarea",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead",
        "tfoot", "tr", "ul", "caption",
    };

    private static readonly HtmlParser Parser = new();

    /// <summary>The plain text of <paramref name="html"/>; an empty string for null or blank input.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        if (!MarkupPattern().IsMatch(html))
        {
            // Already plain text: keep its lines, decode the odd entity, tidy the spaces.
            return Tidy(WebUtility.HtmlDecode(html));
        }

        using var document = Parser.ParseDocument(html);
        var sb = new StringBuilder(html.Length / 2);
        if (document.Body is { } body)
        {
            Append(body, sb, preformatted: false);
        }

        return Tidy(sb.ToString());
    }

    private static void Append(INode node, StringBuilder sb, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    sb.Append(preformatted ? text.Data : CollapseLines(text.Data));
                    break;
                case IElement element:
                    AppendElement(element, sb, preformatted);
                    break;
                default:
                    break;
            }
        }
    }

    private static void AppendElement(IElement element, StringBuilder sb, bool preformatted)
    {
        var name = element.LocalName;
        if (Dropped.Contains(name))
        {
            return;
        }

        if (name is "br")
        {
            sb.Append('\n');
            return;
        }

        var block = Blocks.Contains(name);
        if (block)
        {
            sb.Append('\n');
        }
        else if (name is "td" or "th")
        {
            sb.Append(' ');
        }

        Append(element, sb, preformatted || name is "pre");

        if (block)
        {
            sb.Append('\n');
        }
    }

    private static string CollapseLines(string text) => text.Replace('\r', ' ').Replace('\n', ' ');

    /// <summary>One space between words, one line break between blocks, no blank lines, trimmed.</summary>
    private static string Tidy(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingNewline = false;
        foreach (var raw in text)
        {
            var c = raw;
            if (c is '\r' or '\n' or '\u2028' or '\u2029' or '\f' or '\v')
            {
                pendingNewline = sb.Length > 0;
                pendingSpace = false;

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0 && !pendingNewline;
                continue;
            }

            if (pendingNewline)
            {
                sb.Append('\n');
            }
            else if (pendingSpace)
            {
                sb.Append(' ');
            }

            pendingNewline = false;
            pendingSpace = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>A tag, a comment or a doctype: anything else is taken as plain text.</summary>
    [GeneratedRegex(@"<(?:[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>|/[a-zA-Z][a-zA-Z0-9-]*\s*>|!--|!doctype)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MarkupPattern();
}
