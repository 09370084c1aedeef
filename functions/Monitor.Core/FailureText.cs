using System.Net.Http;
using System.Net.Sockets;

namespace Monitor.Core;

/// <summary>
/// A failure in a few words, on one line: what a person reading the log needs (a storage answer's status
/// and code, "connection refused"), without the storage SDK's request dump or a stack trace.
/// </summary>
public static class FailureText
{
    /// <summary>Longest text returned; a longer message is cut with "…".</summary>
    public const int MaxLength = 300;

    /// <summary>The failure in words, on one line.</summary>
    public static string Of(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Cut(error switch
        {
            AggregateException { InnerExceptions.Count: > 0 } aggregate => Of(aggregate.InnerExceptions[^1]),
            Azure.RequestFailedException { Status: 0, InnerException: { } inner } => Of(inner),
            Azure.RequestFailedException answered => $"{answered.Status}{(string.IsNullOrEmpty(answered.ErrorCode) ? "" : " " + answered.ErrorCode)}: {FirstLine(answered.Message)}",
            HttpRequestException { InnerException: SocketException socket } => Of(socket),
            HttpRequestException { InnerException: IOException { InnerException: SocketException socket } } => Of(socket),
            SocketException socket => Of(socket.SocketErrorCode),
            TimeoutException or OperationCanceledException => "no answer in time",
            _ => FirstLine(error.Message),
        });
    }

    /// <summary>A socket error in words.</summary>
    public static string Of(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name not found",
        SocketError.TimedOut => "connection timed out",
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "connection reset",
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown => "network unreachable",
        _ => $"socket error {error}",
    };

    private static string FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).TrimEnd().ToString();
    }

    private static string Cut(string text) => text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
}
