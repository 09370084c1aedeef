using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Monitor.Core.Delivery;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace Monitor.Core.Tests.Delivery;

[TestClass]
public sealed class EmailSenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 25, 12, 30, 0, TimeSpan.Zero);

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static EmailSender Sender(int port, TimeSpan? timeout = null) => new(
        Options.Create(new EmailOptions
        {
            Host = "127.0.0.1",
            Port = port,
            Security = "none",
            From = "Monitor <monitor@monitor.example>",
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        }),
        new FixedTime(),
        NullLogger<EmailSender>.Instance);

    private static DigestDelivery Delivery() =>
        EmailTestData.DeliveryOf(EmailTestData.DigestOf("ar", EmailTestData.Transfer, EmailTestData.Plan));

    private static TextPart Part(MimeMessage message, string subtype)
    {
        var alternative = message.Body as MultipartAlternative;
        Assert.IsNotNull(alternative, "multipart/alternative");
        return alternative.OfType<TextPart>().Single(p => p.ContentType.MediaSubtype == subtype);
    }

    [TestMethod]
    public async Task SendAsync_delivers_the_digest_with_both_parts_and_the_headers_intact()
    {
        await using var server = await TestSmtpServer.StartAsync();
        var delivery = Delivery();

        var result = await Sender(server.Port).SendAsync(delivery, "reader@example.org", CancellationToken.None);

        Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Reason);
        var mail = server.Received.Single();
        Assert.AreEqual("monitor@monitor.example", mail.From);
        CollectionAssert.AreEqual(new[] { "reader@example.org" }, mail.To.ToArray());

        var message = mail.Message;
        Assert.AreEqual("dlv-20260125-0001@monitor.example", message.MessageId);
        Assert.AreEqual("<https://monitor.example/api/unsubscribe?token=abc&s=sub-42>", message.Headers["List-Unsubscribe"]!.Trim());
        Assert.AreEqual("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.AreEqual("<detainee-transfers.monitor.monitor.example>", message.Headers["List-Id"]!.Trim());
        Assert.AreEqual("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.AreEqual(Now, message.Date, "the date comes from the sender's clock");
        Assert.AreEqual("Monitor: 2 developments — " + EmailTestData.ArabicTitle, message.Subject);
        Assert.AreEqual("Monitor", message.From.Mailboxes.Single().Name);

        var plain = Part(message, "plain").Text;
        var html = Part(message, "html").Text;
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        foreach (var text in new[] { plain, page.Body!.TextContent })
        {
            StringAssert.Contains(text, EmailTestData.ArabicTitle);
            StringAssert.Contains(text, EmailTestData.EnglishTitle);
            StringAssert.Contains(text, EmailTestData.PlanTitle);
            StringAssert.Contains(text, "up to 7,000 detainees");
        }

        StringAssert.Contains(plain, "https://example.test/en/plan");
        CollectionAssert.Contains(page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).ToList(), "https://example.test/en/plan");

        StringAssert.Contains(plain, "Unsubscribe: https://monitor.example/api/unsubscribe?token=abc&s=sub-42");
        StringAssert.Contains(html, "dir=\"rtl\" lang=\"ar\"");
    }

    [TestMethod]
    public async Task SendAsync_gives_the_same_message_id_on_a_retry()
    {
        await using var server = await TestSmtpServer.StartAsync();
        var sender = Sender(server.Port);

        Assert.AreEqual(DeliveryOutcome.Delivered, (await sender.SendAsync(Delivery(), "reader@example.org", CancellationToken.None)).Outcome);
        Assert.AreEqual(DeliveryOutcome.Delivered, (await sender.SendAsync(Delivery(), "reader@example.org", CancellationToken.None)).Outcome);

        var ids = server.Received.Select(m => m.Message.MessageId).ToList();
        Assert.HasCount(2, ids);
        Assert.AreEqual(ids[0], ids[1]);
    }

    [TestMethod]
    public async Task A_server_that_rejects_the_recipient_gives_Failed_with_the_server_reason()
    {
        await using var server = await TestSmtpServer.StartAsync(to => to != "gone@example.org");

        var result = await Sender(server.Port).SendAsync(Delivery(), "gone@example.org", CancellationToken.None);

        Assert.AreEqual(DeliveryOutcome.Failed, result.Outcome);
        Assert.IsNotNull(result.Reason);
        StringAssert.Contains(result.Reason, "recipient rejected");
        StringAssert.Contains(result.Reason, "550");
        StringAssert.Contains(result.Reason, "No such user here");
        Assert.IsEmpty(server.Received);
    }

    [TestMethod]
    public async Task No_server_listening_gives_Failed_quickly()
    {
        var port = TestSmtpServer.FreePort();
        var clock = Stopwatch.StartNew();

        var result = await Sender(port, TimeSpan.FromSeconds(20)).SendAsync(Delivery(), "reader@example.org", CancellationToken.None);

        Assert.AreEqual(DeliveryOutcome.Failed, result.Outcome);
        Assert.IsNotNull(result.Reason);
        StringAssert.Contains(result.Reason, "127.0.0.1:" + port);
        Assert.IsLessThan(TimeSpan.FromSeconds(5), clock.Elapsed, "a refused connection is not waited out");
    }

    [TestMethod]
    public async Task A_server_that_never_greets_gives_Failed_after_the_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var clock = Stopwatch.StartNew();

        var result = await Sender(port, TimeSpan.FromSeconds(1)).SendAsync(Delivery(), "reader@example.org", CancellationToken.None);

        Assert.AreEqual(DeliveryOutcome.Failed, result.Outcome);
        Assert.IsNotNull(result.Reason);
        Assert.IsLessThan(TimeSpan.FromSeconds(8), clock.Elapsed);
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9), clock.Elapsed, "it waited for the greeting");
    }

    [TestMethod]
    public async Task Cancellation_by_the_caller_throws()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            Sender(port, TimeSpan.FromSeconds(30)).SendAsync(Delivery(), "reader@example.org", cancel.Token));
    }

    [TestMethod]
    public async Task An_address_that_is_not_a_mailbox_is_refused_without_connecting()
    {
        var result = await Sender(TestSmtpServer.FreePort()).SendAsync(Delivery(), "not an address", CancellationToken.None);

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
    }

    [TestMethod]
    public async Task A_confirmation_email_arrives_with_the_confirm_link()
    {
        await using var server = await TestSmtpServer.StartAsync();
        var confirm = new Uri("https://monitor.example/api/subscriptions/confirm?token=xyz&s=sub-42");

        var result = await Sender(server.Port).SendConfirmationAsync("new@example.org", confirm, "ISIS detainee transfers to Iraq", CancellationToken.None);

        Assert.AreEqual(DeliveryOutcome.Delivered, result.Outcome, result.Reason);
        var mail = server.Received.Single();
        CollectionAssert.AreEqual(new[] { "new@example.org" }, mail.To.ToArray());
        var message = mail.Message;
        StringAssert.Contains(message.Subject, "Confirm");
        StringAssert.EndsWith(message.MessageId, "@monitor.example");
        Assert.AreEqual("auto-generated", message.Headers["Auto-Submitted"]);

        var plain = Part(message, "plain").Text;
        var html = Part(message, "html").Text;
        StringAssert.Contains(plain, confirm.AbsoluteUri);
        StringAssert.Contains(plain, "ISIS detainee transfers to Iraq");
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        CollectionAssert.Contains(document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")).ToList(), confirm.AbsoluteUri);
        Assert.IsEmpty(document.QuerySelectorAll("script, img, style"));
    }

    [TestMethod]
    public async Task A_confirmation_link_that_is_not_http_is_an_argument_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Sender(TestSmtpServer.FreePort()).SendConfirmationAsync("new@example.org", new Uri("javascript:alert(1)"), "t", CancellationToken.None));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddEmailSender();
        return services.BuildServiceProvider();
    }

    [TestMethod]
    public void AddEmailSender_binds_the_Email_section_and_builds_the_sender()
    {
        using var provider = Build(new()
        {
            ["Email:Host"] = "smtp.example.org",
            ["Email:Port"] = "587",
            ["Email:Security"] = "starttls",
            ["Email:UserName"] = "monitor",
            ["Email:From"] = "Monitor <digests@monitor.example>",
            ["Email:Timeout"] = "00:00:15",
        });

        var options = provider.GetRequiredService<IOptions<EmailOptions>>().Value;
        Assert.AreEqual("smtp.example.org", options.Host);
        Assert.AreEqual(587, options.Port);
        Assert.AreEqual(MailKit.Security.SecureSocketOptions.StartTls, options.GetSocketOptions());
        Assert.AreEqual("monitor.example", options.GetFromAddress().Domain);
        Assert.AreEqual(TimeSpan.FromSeconds(15), options.Timeout);
        Assert.AreSame(provider.GetRequiredService<EmailSender>(), provider.GetRequiredService<EmailSender>());
    }

    [TestMethod]
    public void Defaults_are_a_local_test_server()
    {
        var options = new EmailOptions();

        Assert.AreEqual("localhost", options.Host);
        Assert.AreEqual(1025, options.Port);
        Assert.AreEqual(MailKit.Security.SecureSocketOptions.None, options.GetSocketOptions());
        Assert.AreEqual("monitor@localhost", options.GetFromAddress().Address);
        Assert.AreEqual(TimeSpan.FromSeconds(30), options.Timeout);
    }

    [TestMethod]
    [DataRow("Email:From", "not a mailbox")]
    [DataRow("Email:From", "monitor@")]
    [DataRow("Email:Security", "tls")]
    [DataRow("Email:Port", "0")]
    [DataRow("Email:Timeout", "00:00:00")]
    public void AddEmailSender_rejects_invalid_settings(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EmailOptions>>().Value);
    }
}
