using System.Text;
using Microsoft.AspNetCore.Http;

namespace Monitor.Functions.Tests.Infrastructure;

/// <summary>
/// An HTTP answer as the client reads it: status, the headers the application set (not the
/// transport's: Date, Server, Content-Length, Transfer-Encoding), and the body's bytes.
/// </summary>
public sealed record HttpAnswer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase) { "Date", "Server", "Content-Length", "Transfer-Encoding" };

    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    /// <summary>The headers, one per line, sorted: what two answers are compared by.</summary>
    public string DescribeHeaders() => string.Join('\n', Headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}: {h.Value}"));

    public static HttpAnswer Of(HttpResponse response, byte[] body) =>
        new(response.StatusCode, Collect(response.Headers.Select(h => (h.Key, h.Value.ToString()))), body);

    public static async Task<HttpAnswer> OfAsync(HttpResponseMessage response) =>
        new((int)response.StatusCode,
            Collect(response.Headers.Concat(response.Content.Headers).Select(h => (h.Key, string.Join(",", h.Value)))),
            await response.Content.ReadAsByteArrayAsync());

    private static Dictionary<string, string> Collect(IEnumerable<(string Name, string Value)> headers) =>
        headers.Where(h => !TransportHeaders.Contains(h.Name)).ToDictionary(h => h.Name.ToLowerInvariant(), h => h.Value, StringComparer.Ordinal);
}
