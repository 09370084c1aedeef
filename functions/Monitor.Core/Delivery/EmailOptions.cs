using System.ComponentModel.DataAnnotations;
using MailKit.Security;
using MimeKit;

namespace Monitor.Core.Delivery;

/// <summary>How digests are sent by email: the SMTP relay, its security and the sender's address.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The SMTP relay.</summary>
    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 1025;

    /// <summary>
    /// "none" (plain SMTP, for a local test server), "starttls" (upgrade after connecting; required in
    /// Azure) or "ssl" (TLS from the first byte, usually port 465).
    /// </summary>
    [Required]
    [RegularExpression("^(?i:none|starttls|ssl)$", ErrorMessage = "Security must be \"none\", \"starttls\" or \"ssl\".")]
    public string Security { get; set; } = "none";

    /// <summary>When set, the client authenticates with it and <see cref="Password"/>.</summary>
    public string? UserName { get; set; }

    /// <summary>Optional; in Azure a Key Vault reference.</summary>
    public string? Password { get; set; }

    /// <summary>The sender, as a mailbox: "Monitor &lt;monitor@example.org&gt;". Its domain is the Message-Id's.</summary>
    [Required]
    [Mailbox]
    public string From { get; set; } = "Monitor <monitor@localhost>";

    /// <summary>Time allowed for each step of the SMTP conversation (connect, authenticate, send).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The MailKit option for <see cref="Security"/>. (A method, so that validation does not read it.)</summary>
    public SecureSocketOptions GetSocketOptions() => Security.Trim().ToLowerInvariant() switch
    {
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    /// <summary>The parsed <see cref="From"/>. (A method, so that validation does not read it.)</summary>
    public MailboxAddress GetFromAddress() => MailboxAttribute.TryParse(From, out var mailbox)
        ? mailbox
        : throw new InvalidOperationException("Email:From is not a mailbox.");
}

/// <summary>A single mailbox with a local part and a domain: "name@example.org" or "Name &lt;name@example.org&gt;".</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class MailboxAttribute : ValidationAttribute
{
    public MailboxAttribute()
        : base("The {0} field is not a mailbox (name@example.org or Name <name@example.org>).")
    {
    }

    public override bool IsValid(object? value) => value is null || (value is string text && TryParse(text, out _));

    /// <summary>Parses one mailbox that has a local part and a domain, or gives false.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsControl))
        {
            return false;
        }

        if (!MailboxAddress.TryParse(text.Trim(), out var parsed) || parsed.Route.Count > 0)
        {
            return false;
        }

        var at = parsed.Address.LastIndexOf('@');
        if (at <= 0 || at == parsed.Address.Length - 1 || string.IsNullOrWhiteSpace(parsed.Domain))
        {
            return false;
        }

        mailbox = parsed;
        return true;
    }
}
