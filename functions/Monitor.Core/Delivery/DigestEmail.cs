using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;
using MimeKit.Text;
using Monitor.Core.Developments;
using Monitor.Core.Digests;

namespace Monitor.Core.Delivery;

/// <summary>
/// A digest as an email: a text/plain and a text/html part made from the same digest, with the
/// headers mail providers expect of a subscription (a stable Message-Id, one-click unsubscribe per
/// RFC 8058, List-Id, Auto-Submitted). The HTML is email-safe: inline styles only, no scripts, no
/// images; everything from feeds is HTML-encoded, only http(s) links are made, and Arabic text is
/// set right-to-left.
/// </summary>
public static class DigestEmail
{
    /// <summary>Longest subject; the headline is shortened to fit.</summary>
    public const int MaxSubjectLength = 149;

    private const string Font = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Naskh Arabic',Tahoma,Arial,sans-serif;";
    private const string Muted = "color:#59636e;font-size:13px;line-height:1.5;";
    private const string LinkStyle = "color:#0b57d0;";

    /// <summary>Composes the email of one delivery of a digest to <paramref name="to"/>.</summary>
    /// <param name="delivery">The delivery: its id gives the Message-Id, the same on every attempt.</param>
    /// <param name="to">The subscriber's address.</param>
    /// <param name="from">The sender.</param>
    /// <param name="messageIdDomain">The domain of the Message-Id and List-Id (the sender's domain).</param>
    public static MimeMessage Compose(DigestDelivery delivery, string to, MailboxAddress from, string messageIdDomain)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(messageIdDomain);
        if (!MailboxAttribute.TryParse(to, out var recipient))
        {
            throw new ArgumentException("Not a mailbox: " + to, nameof(to));
        }

        var digest = delivery.Digest;
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(recipient);
        message.Subject = Subject(digest);
        message.Date = DateTimeOffset.UtcNow;
        message.MessageId = MessageId(delivery.DeliveryId, messageIdDomain);
        message.Headers.Replace("List-Id", "<" + ListIdLabel(digest.Topic) + ".monitor." + messageIdDomain.Trim() + ">");
        message.Headers.Replace("List-Unsubscribe", "<" + delivery.UnsubscribeUrl.AbsoluteUri + ">");
        message.Headers.Replace("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Replace("Auto-Submitted", "auto-generated");
        message.Body = Alternative(PlainText(delivery), Html(delivery, message.Subject));
        return message;
    }

    /// <summary>"Monitor: 3 developments — {headline of the first}", under 150 characters.</summary>
    public static string Subject(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        if (digest.Developments.Count == 0)
        {
            return Shorten("Monitor: no new developments — " + OneLine(digest.TopicName ?? digest.Topic), MaxSubjectLength);
        }

        var start = "Monitor: " + Plural(digest.Developments.Count, "development") + " — ";
        return start + Shorten(OneLine(digest.HeadlineOf(digest.Developments[0])), MaxSubjectLength - start.Length);
    }

    /// <summary>The Message-Id (without angle brackets): the delivery id, made a valid dot-atom, at the domain.</summary>
    public static string MessageId(string deliveryId, string domain)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        var local = new StringBuilder(deliveryId.Length);
        foreach (var b in Encoding.UTF8.GetBytes(deliveryId))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '='
                || (c == '.' && local.Length > 0 && local[^1] != '.'))
            {
                local.Append(c);
            }
            else
            {
                // '%' is itself an atom character, so this keeps distinct ids distinct.
                local.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        if (local[^1] == '.')
        {
            local[^1] = '%';
            local.Append("2E");
        }

        return local + "@" + domain.Trim();
    }

    internal static MultipartAlternative Alternative(string plain, string html)
    {
        var text = new TextPart(TextFormat.Plain);
        text.SetText(Encoding.UTF8, plain);
        text.ContentTransferEncoding = text.GetBestEncoding(EncodingConstraint.SevenBit);
        var rich = new TextPart(TextFormat.Html);
        rich.SetText(Encoding.UTF8, html);
        rich.ContentTransferEncoding = rich.GetBestEncoding(EncodingConstraint.SevenBit);
        return new MultipartAlternative { text, rich };
    }

    private static string PlainText(DigestDelivery delivery)
    {
        var digest = delivery.Digest;
        var text = new StringBuilder();
        text.Append("Monitor — ").Append(OneLine(digest.TopicName ?? digest.Topic)).Append('\n');
        text.Append(Plural(digest.Developments.Count, "new or updated development")).Append(", ")
            .Append(Time(digest.Since)).Append(" to ").Append(Time(digest.Until)).Append('\n');

        if (digest.Developments.Count == 0)
        {
            text.Append('\n').Append("Nothing new in this window.").Append('\n');
        }

        var number = 0;
        foreach (var development in digest.Developments)
        {
            number++;
            text.Append('\n').Append(number.ToString(CultureInfo.InvariantCulture)).Append(". ").Append(OneLine(digest.HeadlineFor(development).Marked)).Append('\n');
            text.Append("   ").Append(DigestRenderer.TypeName(development.Type))
                .Append(" · first seen ").Append(Time(development.FirstSeen))
                .Append(" · last updated ").Append(Time(development.LastUpdated)).Append('\n');
            if (digest.SummaryUnderHeadline(development) is { } summary)
            {
                text.Append('\n').Append("   ").Append(OneLine(summary.Marked)).Append('\n');
            }

            if (development.Figures.Count > 0)
            {
                text.Append('\n').Append("   Figures:").Append('\n');
                foreach (var figure in development.Figures)
                {
                    text.Append("   - ").Append(OneLine(DigestRenderer.FigureText(figure.Value, figure.Qualifier, figure.What)))
                        .Append(" — ").Append(OneLine(string.Join(", ", figure.Sources.Select(s => s.SourceName).Distinct(StringComparer.Ordinal)))).Append('\n');
                }
            }

            foreach (var disagreement in development.Disagreements)
            {
                text.Append("   Sources disagree on ").Append(OneLine(disagreement.What.Replace('_', ' '))).Append(": ")
                    .Append(string.Join(" vs ", disagreement.Values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))).Append('\n');
            }

            text.Append('\n').Append("   Articles:").Append('\n');
            foreach (var article in development.Articles)
            {
                text.Append("   - ").Append(OneLine(article.Headline)).Append(" — ").Append(OneLine(article.SourceName))
                    .Append(", ").Append(DigestRenderer.DateOf(article)).Append('\n');
                if (SafeUrl(article.Url) is { } url)
                {
                    text.Append("     ").Append(url).Append('\n');
                }
            }
        }

        text.Append('\n').Append("-- ").Append('\n')
            .Append("You receive this because this address subscribed to Monitor digests.").Append('\n')
            .Append("Manage your subscription: ").Append(delivery.ManageUrl.AbsoluteUri).Append('\n')
            .Append("Unsubscribe: ").Append(delivery.UnsubscribeUrl.AbsoluteUri).Append('\n');
        return text.ToString();
    }

    private static string Html(DigestDelivery delivery, string subject)
    {
        var digest = delivery.Digest;
        var html = new StringBuilder();
        Open(html, subject);
        html.Append("<h1 style=\"margin:0 0 4px;font-size:22px;line-height:1.3;\"")
            .Append(DigestHtml.Direction(digest.TopicName ?? digest.Topic, null)).Append('>')
            .Append(Encode(digest.TopicName ?? digest.Topic)).Append("</h1>\n")
            .Append("<p style=\"margin:0 0 16px;").Append(Muted).Append("\">")
            .Append(Plural(digest.Developments.Count, "new or updated development")).Append(", ")
            .Append(Time(digest.Since)).Append(" to ").Append(Time(digest.Until)).Append("</p>\n");

        if (digest.Developments.Count == 0)
        {
            html.Append("<p style=\"margin:0 0 16px;\">Nothing new in this window.</p>\n");
        }

        foreach (var development in digest.Developments)
        {
            Development(html, digest, development);
        }

        html.Append("<hr style=\"border:0;border-top:1px solid #d1d9e0;margin:24px 0 12px;\">\n")
            .Append("<p style=\"margin:0;").Append(Muted).Append("\">You receive this because this address subscribed to Monitor digests. ")
            .Append(Link(delivery.ManageUrl.AbsoluteUri, "Manage your subscription", "")).Append(" · ")
            .Append(Link(delivery.UnsubscribeUrl.AbsoluteUri, "Unsubscribe", "")).Append("</p>\n");
        Close(html);
        return html.ToString();
    }

    private static void Development(StringBuilder html, Digest digest, Development development)
    {
        var headline = digest.HeadlineFor(development);
        html.Append("<div style=\"margin:0 0 16px;padding:12px 16px;background:#f6f8fa;border:1px solid #d1d9e0;border-radius:8px;\">\n")
            .Append("<h2 style=\"margin:0 0 4px;font-size:18px;line-height:1.35;\"").Append(DigestHtml.Direction(headline.Text, headline.Language)).Append('>')
            .Append(Encode(headline.Text)).Append(Marker(headline)).Append("</h2>\n")
            .Append("<p style=\"margin:0 0 8px;").Append(Muted).Append("\">").Append(Encode(DigestRenderer.TypeName(development.Type)))
            .Append(" · first seen ").Append(Time(development.FirstSeen))
            .Append(" · last updated ").Append(Time(development.LastUpdated)).Append("</p>\n");

        if (digest.SummaryUnderHeadline(development) is { } summary)
        {
            html.Append("<p style=\"margin:0 0 8px;\"").Append(DigestHtml.Direction(summary.Text, summary.Language)).Append('>')
                .Append(Encode(summary.Text)).Append(Marker(summary)).Append("</p>\n");
        }

        if (development.Figures.Count > 0)
        {
            html.Append("<ul style=\"margin:0 0 8px;padding-left:20px;\">\n");
            foreach (var figure in development.Figures)
            {
                html.Append("<li><strong>").Append(Encode(DigestRenderer.FigureText(figure.Value, figure.Qualifier, figure.What))).Append("</strong> — ");
                var first = true;
                foreach (var name in figure.Sources.Select(s => s.SourceName).Distinct(StringComparer.Ordinal))
                {
                    var url = figure.Sources
                        .Where(s => s.SourceName == name)
                        .Select(s => SafeUrl(development.Articles.FirstOrDefault(a => a.Id == s.ArticleId)?.Url))
                        .FirstOrDefault(u => u is not null);
                    html.Append(first ? "" : ", ").Append(url is null ? "<span dir=\"auto\">" + Encode(name) + "</span>" : Link(url, name, " dir=\"auto\""));
                    first = false;
                }

                html.Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        foreach (var disagreement in development.Disagreements)
        {
            html.Append("<p style=\"margin:0 0 8px;padding:4px 8px;background:#fff4e5;color:#9a3412;font-size:14px;\">Sources disagree on ")
                .Append(Encode(disagreement.What.Replace('_', ' '))).Append(": ")
                .Append(string.Join(" vs ", disagreement.Values.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)))).Append("</p>\n");
        }

        html.Append("<ul style=\"margin:0;padding-left:20px;").Append(Muted).Append("\">\n");
        foreach (var article in development.Articles)
        {
            var title = article.Headline;
            var direction = title == DevelopmentBuilder.UntitledHeadline ? " dir=\"ltr\" lang=\"en\"" : DigestHtml.Direction(title, article.Language);
            html.Append("<li>")
                .Append(SafeUrl(article.Url) is { } url ? Link(url, title, direction) : "<span" + direction + ">" + Encode(title) + "</span>")
                .Append(" — <span dir=\"auto\">").Append(Encode(article.SourceName)).Append("</span>, ")
                .Append(DigestRenderer.DateOf(article)).Append("</li>\n");
        }

        html.Append("</ul>\n</div>\n");
    }

    /// <summary>The start of an email-safe page: no style block, no scripts, no external resources.</summary>
    internal static void Open(StringBuilder html, string title)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:0;background:#ffffff;color:#1f2328;").Append(Font).Append("font-size:16px;line-height:1.55;\">\n")
            .Append("<div style=\"max-width:640px;margin:0 auto;padding:16px;\">\n");
    }

    internal static void Close(StringBuilder html) => html.Append("</div>\n</body>\n</html>\n");

    /// <summary>A link to an http(s) address, or the encoded text alone for anything else.</summary>
    internal static string Link(string url, string text, string attributes)
    {
        if (SafeUrl(url) is not { } safe)
        {
            return "<span" + attributes + ">" + Encode(text) + "</span>";
        }

        return "<a href=\"" + Encode(safe) + "\" style=\"" + LinkStyle + "\" rel=\"noopener noreferrer\" target=\"_blank\"" + attributes + ">" + Encode(text) + "</a>";
    }

    internal static string? SafeUrl(string? url) => FeedText.HttpUrl(url)?.AbsoluteUri;

    internal static string Encode(string? text) => WebUtility.HtmlEncode(OneLine(text));

    internal static string OneLine(string? text) => FeedText.OneLine(text);

    /// <summary>The small note beside a fact line that says it was generated; nothing for an article's own words.</summary>
    private static string Marker(ReaderText text) =>
        text.Marker is { } marker ? " <small style=\"" + Muted + "font-weight:normal;\">[" + Encode(marker) + "]</small>" : "";

    /// <summary>Shortened to at most <paramref name="length"/> characters, with "…" when cut, never inside a surrogate pair.</summary>
    private static string Shorten(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = Math.Max(0, length - 1);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut].TrimEnd() + "…";
    }

    private static string ListIdLabel(string topic)
    {
        var sb = new StringBuilder(topic.Length);
        foreach (var c in topic.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-');
        }

        var label = sb.ToString().Trim('-');
        return label.Length == 0 ? "topic" : label;
    }

    private static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");
}
