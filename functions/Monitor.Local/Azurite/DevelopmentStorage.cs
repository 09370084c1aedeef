using System.Globalization;

namespace Monitor.Local.Azurite;

/// <summary>The well-known Azurite account and how to recognise a connection string that points at it.</summary>
public static class DevelopmentStorage
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (not a secret: every emulator has it).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const int DefaultBlobPort = 10000;
    public const int DefaultQueuePort = 10001;
    public const int DefaultTablePort = 10002;

    /// <summary>A connection string for Azurite on loopback at the given ports.</summary>
    public static string ConnectionString(int blobPort, int queuePort, int tablePort) =>
        string.Create(CultureInfo.InvariantCulture,
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};");

    /// <summary>
    /// The Azurite ports a connection string points at, or null when it is not a development one
    /// (another account, or endpoints that are not on this machine).
    /// </summary>
    public static AzuritePorts? PortsOf(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.OrdinalIgnoreCase);

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var isDev) && isDev)
        {
            return new AzuritePorts(DefaultBlobPort, DefaultQueuePort, DefaultTablePort);
        }

        if (!parts.TryGetValue("AccountName", out var account) || account != AccountName)
        {
            return null;
        }

        int? PortOf(string key)
        {
            if (!parts.TryGetValue(key, out var endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
            {
                return null;
            }

            return uri.IsLoopback ? uri.Port : null;
        }

        var blob = PortOf("BlobEndpoint");
        var table = PortOf("TableEndpoint");
        if (blob is null || table is null)
        {
            return null;
        }

        return new AzuritePorts(blob.Value, PortOf("QueueEndpoint") ?? 0, table.Value);
    }
}

/// <summary>The three ports of an Azurite instance; 0 lets the system choose.</summary>
public sealed record AzuritePorts(int Blob, int Queue, int Table);
