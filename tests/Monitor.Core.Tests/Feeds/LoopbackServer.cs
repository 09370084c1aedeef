using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Monitor.Core.Tests.Feeds;

/// <summary>A request as the loopback server received it, with its body (read by Content-Length).</summary>
internal sealed record LoopbackRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body = "")
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// What the loopback server sends back. <see cref="Hang"/> means: never answer; <c>HangAfterBody</c>:
/// send the answer, then keep the connection open without a word more.
/// </summary>
internal sealed record LoopbackResponse(int Status, byte[] Body, IReadOnlyList<(string Name, string Value)> Headers, bool SendContentLength = true, bool HangAfterBody = false)
{
    public static LoopbackResponse Hang { get; } = new(0, [], []);

    public static LoopbackResponse Of(int status, string body = "", params (string Name, string Value)[] headers) =>
        new(status, Encoding.UTF8.GetBytes(body), headers);

    public static LoopbackResponse Of(int status, byte[] body, params (string Name, string Value)[] headers) =>
        new(status, body, headers);
}

/// <summary>
/// A tiny HTTP/1.1 server on a loopback address (127.0.0.1 unless told) and a free port, over a raw
/// socket, so the tests control every byte: headers, missing Content-Length, answers that never
/// come. One request per connection; connections are counted, so a test can show that nothing at
/// all reached it.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly Func<LoopbackRequest, LoopbackResponse> respond;
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;
    private int connections;

    public LoopbackServer(Func<LoopbackRequest, LoopbackResponse> respond)
        : this(IPAddress.Loopback, respond)
    {
    }

    private LoopbackServer(IPAddress address, Func<LoopbackRequest, LoopbackResponse> respond)
    {
        this.respond = respond;
        listener = new TcpListener(address, 0);
        listener.Start();
        Address = address;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    /// <summary>A server on <paramref name="address"/>, or null when this machine cannot listen there (no IPv6).</summary>
    public static LoopbackServer? TryListen(IPAddress address, Func<LoopbackRequest, LoopbackResponse> respond)
    {
        try
        {
            return new LoopbackServer(address, respond);
        }
        catch (SocketException)
        {
            return null;
        }
    }

    public IPAddress Address { get; }

    public int Port { get; }

    public int Connections => Volatile.Read(ref connections);

    public ConcurrentQueue<LoopbackRequest> Requests { get; } = new();

    public Uri Url(string path, string host = "127.0.0.1") => new($"http://{host}:{Port.ToString(CultureInfo.InvariantCulture)}{path}");

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream, stop.Token);
                if (request is null)
                {
                    return;
                }

                Requests.Enqueue(request);
                var response = respond(request);
                if (ReferenceEquals(response, LoopbackResponse.Hang))
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                    return;
                }

                var head = new StringBuilder();
                head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {ReasonOf(response.Status)}\r\n");
                foreach (var (name, value) in response.Headers)
                {
                    head.Append(name).Append(": ").Append(value).Append("\r\n");
                }

                if (response.SendContentLength)
                {
                    head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
                }

                head.Append("Connection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), stop.Token);
                await stream.WriteAsync(response.Body, stop.Token);
                await stream.FlushAsync(stop.Token);
                if (response.HangAfterBody)
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (as it should after a timeout or a size limit) or the server is stopping.
            }
        }
    }

    private static async Task<LoopbackRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n')
            {
                break;
            }
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        var body = Array.Empty<byte>();
        if (headers.TryGetValue("Content-Length", out var length) && int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
        {
            body = new byte[size];
            await stream.ReadExactlyAsync(body, ct);
        }

        return new LoopbackRequest(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body));
    }

    private static string ReasonOf(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        403 => "Forbidden",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
