using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using Monitor.Core.Digests;

namespace Monitor.Core.Delivery;

/// <summary>
/// Sends digests (and subscription confirmations) through the SMTP relay of <see cref="EmailOptions"/>.
/// A delivery problem (refused connection, timeout, TLS or authentication failure, a rejected
/// recipient) is a <see cref="DeliveryOutcome.Failed"/> result with a short reason, never an
/// exception; only cancellation by the caller throws.
/// </summary>
public sealed partial class EmailSender(IOptions<EmailOptions> options, TimeProvider time, ILogger<EmailSender> log)
{
    private const int MaxReasonLength = 300;

    /// <summary>Sends the digest of <paramref name="delivery"/> to <paramref name="to"/>; the Message-Id is the same on every attempt.</summary>
    public async Task<DeliveryResult> SendAsync(DigestDelivery delivery, string to, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!MailboxAttribute.TryParse(to, out _))
        {
            LogNotAMailbox(log, delivery.DeliveryId);
            return new DeliveryResult(DeliveryOutcome.Refused, Reason: "not a valid email address");
        }

        var settings = options.Value;
        var from = settings.GetFromAddress();
        var message = DigestEmail.Compose(delivery, to, from, from.Domain);
        message.Date = time.GetUtcNow();
        var result = await SendMessageAsync(settings, message, ct).ConfigureAwait(false);
        if (result.Outcome == DeliveryOutcome.Delivered)
        {
            LogDelivered(log, delivery.DeliveryId, delivery.SubscriptionId, delivery.Digest.Developments.Count);
        }
        else
        {
            LogFailed(log, delivery.DeliveryId, delivery.SubscriptionId, result.Reason);
        }

        return result;
    }

    /// <summary>Asks <paramref name="to"/> to confirm a subscription to <paramref name="topicNames"/> by following <paramref name="confirmUrl"/>.</summary>
    public async Task<DeliveryResult> SendConfirmationAsync(string to, Uri confirmUrl, string topicNames, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(confirmUrl);
        if (!confirmUrl.IsAbsoluteUri || (confirmUrl.Scheme != Uri.UriSchemeHttps && confirmUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The confirmation link must be an absolute http(s) address.", nameof(confirmUrl));
        }

        if (!MailboxAttribute.TryParse(to, out var recipient))
        {
            LogNotAMailbox(log, "confirmation");
            return new DeliveryResult(DeliveryOutcome.Refused, Reason: "not a valid email address");
        }

        var settings = options.Value;
        var from = settings.GetFromAddress();
        var topics = FeedText.OneLine(topicNames);
        var link = confirmUrl.AbsoluteUri;

        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(recipient);
        message.Subject = topics.Length is > 0 and <= 100 ? "Confirm your Monitor subscription: " + topics : "Confirm your Monitor subscription";
        message.Date = time.GetUtcNow();
        message.MessageId = MimeUtils.GenerateMessageId(from.Domain);
        message.Headers.Replace("Auto-Submitted", "auto-generated");

        var about = topics.Length > 0 ? " about " + topics : "";
        var plain = new StringBuilder()
            .Append("Someone, hopefully you, asked for Monitor digests").Append(about).Append(" to be sent to this address.\n\n")
            .Append("To confirm the subscription, follow this link:\n\n")
            .Append(link).Append("\n\n")
            .Append("If you did not ask for this, ignore this message: nothing will be sent unless the link is followed.\n")
            .ToString();
        var html = new StringBuilder();
        DigestEmail.Open(html, message.Subject);
        html.Append("<p style=\"margin:0 0 16px;\">Someone, hopefully you, asked for Monitor digests");
        if (topics.Length > 0)
        {
            html.Append(" about <strong dir=\"auto\">").Append(DigestEmail.Encode(topics)).Append("</strong>");
        }

        html.Append(" to be sent to this address.</p>\n")
            .Append("<p style=\"margin:0 0 16px;\">")
            .Append("<a href=\"").Append(DigestEmail.Encode(link)).Append("\" style=\"display:inline-block;padding:10px 16px;background:#0b57d0;color:#ffffff;text-decoration:none;border-radius:6px;\" rel=\"noopener noreferrer\" target=\"_blank\">Confirm the subscription</a></p>\n")
            .Append("<p style=\"margin:0 0 16px;color:#59636e;font-size:13px;\">Or copy this address into your browser: ").Append(DigestEmail.Encode(link)).Append("</p>\n")
            .Append("<p style=\"margin:0;color:#59636e;font-size:13px;\">If you did not ask for this, ignore this message: nothing will be sent unless the link is followed.</p>\n");
        DigestEmail.Close(html);
        message.Body = DigestEmail.Alternative(plain, html.ToString());

        var result = await SendMessageAsync(settings, message, ct).ConfigureAwait(false);
        if (result.Outcome == DeliveryOutcome.Delivered)
        {
            LogConfirmationSent(log);
        }
        else
        {
            LogConfirmationFailed(log, result.Reason);
        }

        return result;
    }

    /// <summary>Connects, authenticates when a user name is set, sends and disconnects; delivery problems become Failed.</summary>
    private async Task<DeliveryResult> SendMessageAsync(EmailOptions settings, MimeMessage message, CancellationToken ct)
    {
        // Each SMTP step has the timeout; the whole conversation gets a few of them at most.
        using var deadline = new CancellationTokenSource(settings.Timeout * 3, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        using var client = new SmtpClient { Timeout = (int)Math.Clamp(settings.Timeout.TotalMilliseconds, 1000, int.MaxValue) };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.GetSocketOptions(), linked.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", linked.Token).ConfigureAwait(false);
            }

            await client.SendAsync(message, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error) when (Reason(error, settings) is { } reason)
        {
            await QuietlyDisconnectAsync(client).ConfigureAwait(false);
            return new DeliveryResult(DeliveryOutcome.Failed, Reason: Shorten(reason));
        }

        // The relay took the message; a failure to say goodbye changes nothing.
        await QuietlyDisconnectAsync(client).ConfigureAwait(false);
        return DeliveryResult.Delivered();
    }

    private static async Task QuietlyDisconnectAsync(SmtpClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(true, quit.Token).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or SocketException or OperationCanceledException or ProtocolException or CommandException or TimeoutException)
        {
            // The connection is dropped with the client.
        }
    }

    /// <summary>A short reason for a delivery problem, or null for an exception that is a bug and should surface.</summary>
    private static string? Reason(Exception error, EmailOptions settings)
    {
        var server = settings.Host + ":" + settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return error switch
        {
            SmtpCommandException command => command.ErrorCode switch
            {
                SmtpErrorCode.RecipientNotAccepted => "recipient rejected",
                SmtpErrorCode.SenderNotAccepted => "sender rejected",
                SmtpErrorCode.MessageNotAccepted => "message rejected",
                _ => "SMTP command failed",
            } + ": " + ((int)command.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + OneLine(command.Message),
            SmtpProtocolException protocol => "SMTP protocol error: " + OneLine(protocol.Message),
            AuthenticationException authentication => "authentication failed: " + OneLine(authentication.Message),
            SslHandshakeException => "TLS handshake with " + server + " failed",
            SocketException socket => "cannot connect to " + server + ": " + socket.SocketErrorCode,
            TimeoutException => "timed out talking to " + server,
            OperationCanceledException => "timed out talking to " + server,
            IOException io when io.InnerException is SocketException socket => "connection to " + server + " failed: " + socket.SocketErrorCode,
            IOException io => "connection to " + server + " failed: " + OneLine(io.Message),
            NotSupportedException notSupported => "the server does not support what is configured: " + OneLine(notSupported.Message),
            ProtocolException protocol => "mail protocol error: " + OneLine(protocol.Message),
            CommandException command => "mail command failed: " + OneLine(command.Message),
            _ => null,
        };
    }

    private static string OneLine(string text) => FeedText.OneLine(text);

    private static string Shorten(string text) => text.Length <= MaxReasonLength ? text : text[..(MaxReasonLength - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest delivery {DeliveryId} for subscription {SubscriptionId} sent by email ({Developments} developments)")]
    private static partial void LogDelivered(ILogger logger, string deliveryId, string subscriptionId, int developments);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Digest delivery {DeliveryId} for subscription {SubscriptionId} could not be sent by email: {Reason}")]
    private static partial void LogFailed(ILogger logger, string deliveryId, string subscriptionId, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {What} not sent: the address is not a mailbox")]
    private static partial void LogNotAMailbox(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscription confirmation sent by email")]
    private static partial void LogConfirmationSent(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription confirmation could not be sent by email: {Reason}")]
    private static partial void LogConfirmationFailed(ILogger logger, string? reason);
}
