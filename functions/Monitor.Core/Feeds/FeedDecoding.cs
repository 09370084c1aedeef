using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.Core.Feeds;

/// <summary>
/// Turns a feed's bytes into text. The first that applies wins: a byte order mark, the charset
/// the server declares in Content-Type, the XML declaration's encoding, UTF-8.
/// </summary>
public static partial class FeedDecoding
{
    private const int DeclarationWindow = 1024;

    /// <summary>How far into a page its &lt;meta&gt; charset is looked for (the HTML standard says 1024 bytes; pages overrun it).</summary>
    private const int MetaWindow = 4096;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    static FeedDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Decodes a web page: its byte order mark, else the Content-Type charset, else the charset its
    /// &lt;meta&gt; names, else UTF-8 (the browsers' order, without their guessing).
    /// </summary>
    public static string DecodePage(ReadOnlySpan<byte> body, string? headerCharset)
    {
        var encoding = EncodingOfBom(body, out var bomLength) ?? PageCharset(body, headerCharset);
        return encoding.GetString(body[bomLength..]).TrimStart('\uFEFF');
    }

    /// <summary>Decodes the body; the byte order mark is not part of the result.</summary>
    public static string Decode(ReadOnlySpan<byte> body, string? headerCharset)
    {
        var encoding = ChooseEncoding(body, headerCharset, out var bomLength);
        return encoding.GetString(body[bomLength..]).TrimStart('\uFEFF');
    }

    /// <summary>The encoding <see cref="Decode"/> uses, and how many bytes of byte order mark to skip.</summary>
    public static Encoding ChooseEncoding(ReadOnlySpan<byte> body, string? headerCharset, out int bomLength)
    {
        var bom = EncodingOfBom(body, out bomLength);
        if (bom is not null)
        {
            return bom;
        }

        var wide = LooksWide(body);
        if (Resolve(headerCharset) is { } declared && IsWide(declared) == wide)
        {
            return declared;
        }

        if (wide)
        {
            // UTF-16 without a byte order mark: "<" is 3C 00 or 00 3C.
            return body[0] == 0 ? Encoding.BigEndianUnicode : Encoding.Unicode;
        }

        // A declaration read as ASCII cannot truthfully say UTF-16 or UTF-32.
        if (Resolve(XmlDeclarationEncoding(body)) is { } fromDeclaration && !IsWide(fromDeclaration))
        {
            return fromDeclaration;
        }


        return Utf8;
    }

    /// <summary>The encoding="..." of the XML declaration at the start of the body, if any.</summary>
    public static string? XmlDeclarationEncoding(ReadOnlySpan<byte> body)
    {
        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, DeclarationWindow)]);
        var match = DeclarationPattern().Match(head);
        return match.Success ? match.Groups["name"].Value : null;
    }

    private static Encoding PageCharset(ReadOnlySpan<byte> body, string? headerCharset)
    {
        if (Resolve(headerCharset) is { } declared && !IsWide(declared))
        {
            return declared;
        }

        return Resolve(HtmlMetaCharset(body)) is { } fromMeta && !IsWide(fromMeta) ? fromMeta : Utf8;
    }

    /// <summary>The charset an HTML page names in its head (&lt;meta charset&gt; or http-equiv Content-Type), if any.</summary>
    public static string? HtmlMetaCharset(ReadOnlySpan<byte> body)
    {
        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, MetaWindow)]);
        var match = MetaCharsetPattern().Match(head);
        return match.Success ? match.Groups["name"].Value : null;
    }

    /// <summary>
    /// The encoding a charset name stands for, or null when the name is unknown. Follows what browsers do:
    /// ISO-8859-1 and Latin-1 mean Windows-1252, ASCII means UTF-8.
    /// </summary>
    public static Encoding? Resolve(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        var name = charset.Trim().Trim('"', '\'').Trim().ToLowerInvariant();
        switch (name)
        {
            case "utf-8" or "utf8" or "unicode-1-1-utf-8" or "us-ascii" or "ascii" or "ansi_x3.4-1968":
                return Utf8;
            case "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "latin1" or "latin-1" or "l1" or "cp819":
                name = "windows-1252";
                break;
        }

        var codePage = CodePageName().Match(name);
        try
        {
            return codePage.Success
                ? Encoding.GetEncoding(int.Parse(codePage.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture))
                : Encoding.GetEncoding(name);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or OverflowException)
        {
            return null;
        }
    }

    private static Encoding? EncodingOfBom(ReadOnlySpan<byte> body, out int length)
    {
        (Encoding? encoding, length) = body switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Utf8, 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (Encoding.UTF32, 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: true), 4),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            _ => ((Encoding?)null, 0),
        };
        return encoding;
    }

    /// <summary>True when the body starts like UTF-16: a zero byte in one of the first two.</summary>
    private static bool LooksWide(ReadOnlySpan<byte> body) =>
        body.Length >= 2 && (body[0] == 0) != (body[1] == 0);

    private static bool IsWide(Encoding encoding) => encoding.CodePage is 1200 or 1201 or 12000 or 12001;

    [GeneratedRegex("""^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']\s*(?<name>[A-Za-z0-9._:\-]+)\s*["']""", RegexOptions.CultureInvariant)]
    private static partial Regex DeclarationPattern();

    [GeneratedRegex("^(?:cp|x-cp|ms|windows)-?(?<number>[0-9]{3,5})$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePageName();

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*(?<name>[A-Za-z0-9_\-:.]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharsetPattern();
}
