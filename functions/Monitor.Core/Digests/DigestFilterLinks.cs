using System.Text;
using Monitor.Core.Api;

namespace Monitor.Core.Digests;

/// <summary>
/// The address a digest page was asked at, as its parameters in order, to link to the same digest
/// with one parameter changed: "the same, in Arabic", "the same, for 7 days". Links are relative to
/// the host (a path and a query), so they work behind any host name; every other parameter, the
/// Functions key (<c>code</c>) included, is kept, and a changed filter starts again at the first page.
/// </summary>
public sealed class DigestAddress
{
    private readonly List<KeyValuePair<string, string>> parameters;

    public DigestAddress(Uri self)
    {
        ArgumentNullException.ThrowIfNull(self);
        Path = self.AbsolutePath;
        parameters = [];
        foreach (var pair in self.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Unescape(pair[(equals + 1)..]);
            parameters.Add(new(name, value));
        }
    }

    /// <summary>The path the digest is served at ("/api/digest").</summary>
    public string Path { get; }

    /// <summary>A parameter's value as asked (the first, by a case-insensitive name); null when not given or empty.</summary>
    public string? this[string name] =>
        parameters.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } value ? value : null;

    /// <summary>This address with <paramref name="name"/> set to <paramref name="value"/> (removed when null), without a continuation.</summary>
    public string With(string name, string? value) => With((name, value));

    /// <summary>This address with each parameter set (removed when its value is null), without a continuation.</summary>
    public string With(params (string Name, string? Value)[] changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var kept = parameters
            .Where(p => !string.Equals(p.Key, DigestQueryParser.ContinuationParameter, StringComparison.OrdinalIgnoreCase))
            .Where(p => !changes.Any(c => string.Equals(c.Name, p.Key, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        foreach (var (name, value) in changes)
        {
            if (value is not null)
            {
                kept.Add(new(name, value));
            }
        }

        return kept.Count == 0 ? Path : Path + "?" + string.Join('&', kept.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
    }

    /// <summary>Another route of the API, with this address's Functions key (<c>code</c>) when it has one, and <paramref name="query"/>.</summary>
    public string Route(string route, string query)
    {
        var code = this[DigestQueryParser.FunctionKeyParameter];
        var path = ApiRoutes.PathOf(route) + "?" + query;
        return code is null ? path : path + "&" + DigestQueryParser.FunctionKeyParameter + "=" + Uri.EscapeDataString(code);
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}

/// <summary>
/// The filters of a served digest page, for people and without script: each filter as links (the
/// reader's language, the articles' language, the type, the window), the other formats and the feeds'
/// status page, and a small GET form with every parameter.
/// </summary>
internal static class DigestFilterLinks
{
    private static readonly (string Label, string Value)[] Windows = [("24 hours", "24h"), ("7 days", "7d"), ("30 days", "30d"), ("a year", "365d")];

    private static readonly (string Label, string Value)[] Formats = [("JSON", "json"), ("Markdown", "md"), ("RSS", "rss"), ("Atom", "atom"), ("CSV", "csv")];

    public static void Write(StringBuilder html, Digest digest, DigestAddress address)
    {
        var filters = digest.Filters;
        var type = filters.Types.Count == 1 ? filters.Types[0] : null;
        html.Append("<nav class=\"filters\" aria-label=\"Filters\">\n");
        Links(html, "Headlines in", DigestQueryParser.ReaderLanguageParameter, digest.ReaderLanguage, address,
            [("as published", null), ("English", "en"), ("العربية", "ar")]);
        Links(html, "Articles in", DigestQueryParser.LanguageParameter, filters.Language, address,
            [("any language", null), ("Arabic", "ar"), ("English", "en")]);
        Links(html, "Type", DigestQueryParser.TypeParameter, filters.Types.Count == 0 ? null : type ?? string.Join(',', filters.Types), address,
            [("any", null), .. DigestQueryParser.KnownTypes.Select(t => (DigestRenderer.TypeName(t), (string?)t))]);
        var since = address[DigestQueryParser.SinceParameter];
        html.Append("<ul class=\"filter-window\"><li><b>Window</b></li>");
        foreach (var (label, value) in Windows)
        {
            Link(html, label, address.With((DigestQueryParser.SinceParameter, value), (DigestQueryParser.UntilParameter, null)),
                string.Equals(since, value, StringComparison.OrdinalIgnoreCase) && address[DigestQueryParser.UntilParameter] is null);
        }

        html.Append("</ul>\n<ul class=\"filter-formats\"><li><b>Also as</b></li>");
        foreach (var (label, value) in Formats)
        {
            Link(html, label, address.With(DigestQueryParser.FormatParameter, value), current: false);
        }

        html.Append("<li><a class=\"sources-link\" href=\"").Append(DigestHtml.Encode(address.Route(ApiRoutes.Sources, "format=html")))
            .Append("\">the feeds' status</a></li></ul>\n");
        Form(html, digest, address, type);
        html.Append("</nav>\n");
    }

    private static void Links(StringBuilder html, string title, string parameter, string? current, DigestAddress address, (string Label, string? Value)[] choices)
    {
        html.Append("<ul class=\"filter-").Append(parameter).Append("\"><li><b>").Append(DigestHtml.Encode(title)).Append("</b></li>");
        foreach (var (label, value) in choices)
        {
            Link(html, label, address.With(parameter, value), string.Equals(current, value, StringComparison.Ordinal));
        }

        html.Append("</ul>\n");
    }

    private static void Link(StringBuilder html, string label, string href, bool current)
    {
        html.Append("<li><a href=\"").Append(DigestHtml.Encode(href)).Append('"').Append(current ? " aria-current=\"true\"" : "")
            .Append(DigestHtml.Direction(label, null)).Append('>').Append(DigestHtml.Encode(label)).Append("</a></li>");
    }

    /// <summary>A GET form of every parameter, filled with the current ones; empty fields count as not given.</summary>
    private static void Form(StringBuilder html, Digest digest, DigestAddress address, string? type)
    {
        var filters = digest.Filters;
        html.Append("<form method=\"get\" action=\"").Append(DigestHtml.Encode(address.Path)).Append("\" class=\"filter-form\">\n")
            .Append("<input type=\"hidden\" name=\"topic\" value=\"").Append(DigestHtml.Encode(digest.Topic)).Append("\">\n")
            .Append("<input type=\"hidden\" name=\"format\" value=\"html\">\n");
        if (address[DigestQueryParser.FunctionKeyParameter] is { } code)
        {
            html.Append("<input type=\"hidden\" name=\"code\" value=\"").Append(DigestHtml.Encode(code)).Append("\">\n");
        }

        Text(html, "Since", DigestQueryParser.SinceParameter, address[DigestQueryParser.SinceParameter], "24h, 7d, 2026-01-23");
        Text(html, "Until", DigestQueryParser.UntilParameter, address[DigestQueryParser.UntilParameter], "now");
        Select(html, "Headlines in", DigestQueryParser.ReaderLanguageParameter, digest.ReaderLanguage, [("as published", ""), ("English", "en"), ("العربية", "ar")]);
        Select(html, "Articles in", DigestQueryParser.LanguageParameter, filters.Language, [("any", ""), ("Arabic", "ar"), ("English", "en")]);
        Select(html, "Type", DigestQueryParser.TypeParameter, type, [("any", ""), .. DigestQueryParser.KnownTypes.Select(t => (DigestRenderer.TypeName(t), t))]);
        Text(html, "Sources", DigestQueryParser.SourceParameter, filters.Sources.Count == 0 ? null : string.Join(',', filters.Sources), "source ids");
        Text(html, "Words", DigestQueryParser.TextParameter, filters.Text, "al-Hol, الهول");
        Text(html, "Least importance", "minScore", filters.MinScore?.ToString(System.Globalization.CultureInfo.InvariantCulture), "0 to 1");
        Text(html, "Per page", DigestQueryParser.LimitParameter, address[DigestQueryParser.LimitParameter], DigestFilters.DefaultLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        html.Append("<button type=\"submit\">Show</button>\n</form>\n");
    }

    private static void Text(StringBuilder html, string label, string name, string? value, string placeholder) =>
        html.Append("<label>").Append(DigestHtml.Encode(label)).Append(" <input type=\"text\" name=\"").Append(name).Append("\" value=\"")
            .Append(DigestHtml.Encode(value ?? "")).Append("\" placeholder=\"").Append(DigestHtml.Encode(placeholder)).Append("\" dir=\"auto\"></label>\n");

    private static void Select(StringBuilder html, string label, string name, string? current, (string Label, string Value)[] options)
    {
        html.Append("<label>").Append(DigestHtml.Encode(label)).Append(" <select name=\"").Append(name).Append("\">");
        foreach (var (text, value) in options)
        {
            html.Append("<option value=\"").Append(DigestHtml.Encode(value)).Append('"').Append((current ?? "") == value ? " selected" : "").Append('>')
                .Append(DigestHtml.Encode(text)).Append("</option>");
        }

        html.Append("</select></label>\n");
    }
}
