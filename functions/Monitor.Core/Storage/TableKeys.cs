using System.Security.Cryptography;
using System.Text;

namespace Monitor.Core.Storage;

/// <summary>Keys that are safe in Table storage and derived from content, so writes can be repeated.</summary>
public static class TableKeys
{
    /// <summary>
    /// Makes any string usable as a PartitionKey or RowKey: the characters Table storage forbids
    /// (/ \ # ? and control characters) and the escape character itself are written as ~XX.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '~' || char.IsControl(c))
            {
                sb.Append('~').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>A short, stable, lower-case hex digest of the parts (SHA-256, first 16 bytes).</summary>
    public static string Hash(params string[] parts)
    {
        var joined = string.Join('\n', parts);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(joined));
        return Convert.ToHexStringLower(digest, 0, 16);
    }
}
