using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace Monitor.Core.Tests.Delivery;

/// <summary>A message as the test SMTP server received it: the envelope and the parsed message.</summary>
internal sealed record ReceivedMail(string From, IReadOnlyList<string> To, MimeMessage Message);

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 and a free port, in the test process:
/// it keeps what it receives, and refuses recipients the filter refuses with the server's own reply.
/// </summary>
internal sealed class TestSmtpServer : IAsyncDisposable, IMessageStore, IMailboxFilter
{
    private readonly CancellationTokenSource stop = new();
    private readonly Func<string, bool> acceptRecipient;
    private Task running = Task.CompletedTask;

    private TestSmtpServer(int port, Func<string, bool> acceptRecipient)
    {
        Port = port;
        this.acceptRecipient = acceptRecipient;
    }

    public int Port { get; }

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    public static async Task<TestSmtpServer> StartAsync(Func<string, bool>? acceptRecipient = null)
    {
        var server = new TestSmtpServer(FreePort(), acceptRecipient ?? (_ => true));
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port)))
            .Build();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) => listening.TrySetResult();
        var services = new SmtpServiceProvider();
        services.Add(listeners);
        services.Add((IMessageStore)server);
        services.Add((IMailboxFilter)server);
        server.running = new SmtpServer.SmtpServer(options, services).StartAsync(server.stop.Token);
        await Task.WhenAny(listening.Task, server.running).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsTrue(listening.Task.IsCompleted, "the SMTP server is listening");
        return server;
    }

    /// <summary>A port nothing listens on (as far as this process can tell).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        foreach (var segment in buffer)
        {
            await stream.WriteAsync(segment, cancellationToken);
        }

        stream.Position = 0;
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        Received.Enqueue(new ReceivedMail(transaction.From.AsAddress(), [.. transaction.To.Select(t => t.AsAddress())], message));
        return SmtpResponse.Ok;
    }

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        if (!acceptRecipient(to.AsAddress()))
        {
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 No such user here"));
        }

        return Task.FromResult(true);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }
}
