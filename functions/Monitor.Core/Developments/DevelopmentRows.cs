using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Azure.Data.Tables;

namespace Monitor.Core.Developments;

/// <summary>
/// The layout of the rows of <c>developments</c>: how a development is written in its row and read
/// back, and whether a rebuilt row holds what the stored one does. The JSON is compressed with
/// Brotli and kept in binary columns of at most <see cref="ChunkBytes"/> bytes each.
/// </summary>
public static class DevelopmentRows
{
    /// <summary>The column listing the ids of developments merged into a development, comma-separated.</summary>
    internal const string AbsorbedColumn = "Absorbed";

    /// <summary>The column holding when a development's first article was published, even once that article is no longer kept.</summary>
    internal const string FoundedColumn = "Founded";

    /// <summary>A development row holds its compressed JSON in up to this many properties of <see cref="ChunkBytes"/> bytes, view and articles together.</summary>
    private const int MaxChunks = 14;

    /// <summary>The columns (View00, View01…) of the development as the digest shows it.</summary>
    private const string ViewColumn = "View";

    /// <summary>The columns (Members00…) of its articles in full, to rebuild it from.</summary>
    private const string MembersColumn = "Members";

    /// <summary>Largest binary property: Table storage allows 64 KiB.</summary>
    private const int ChunkBytes = 64_000;

    /// <summary>Articles a development keeps: the most recent (fewer when even they would not fit in a row).</summary>
    public const int MaxStoredArticles = 200;

    /// <summary>The column holding a development's version (and the counter's value).</summary>
    internal const string SequenceColumn = "Seq";

    /// <summary>
    /// A development's row: its times, type, importance and languages as columns, the development
    /// itself as JSON in chunks. What <see cref="DevelopmentStore.AddAsync"/> writes; public for
    /// tools that load many developments at once (the benchmark).
    /// </summary>
    public static TableEntity RowOf(string topic, Development development)
    {
        ArgumentNullException.ThrowIfNull(development);
        if (development.Articles.Count > MaxStoredArticles)
        {
            // A development keeps its most recent articles: the cost of each new one stays bounded.
            development = DevelopmentBuilder.Build(development.Id, [.. development.Articles.OrderByDescending(a => a.Published).Take(MaxStoredArticles)]) with { Absorbed = development.Absorbed };
        }

        var (view, members) = Serialized(development);
        for (var keep = development.Articles.Count / 2; view.Length + members.Length > MaxChunks * ChunkBytes && keep >= 1; keep /= 2)
        {
            // Even these do not fit in a row: keep fewer, the most recent, and rebuild from them.
            development = DevelopmentBuilder.Build(development.Id, [.. development.Articles.OrderByDescending(a => a.Published).Take(keep)]) with { Absorbed = development.Absorbed };
            (view, members) = Serialized(development);
        }

        var row = new TableEntity(topic, development.Id)
        {
            ["Active"] = true,
            ["FirstSeen"] = development.FirstSeen.ToUniversalTime(),
            ["LastUpdated"] = development.LastUpdated.ToUniversalTime(),
            ["Type"] = development.Type,
            ["Importance"] = development.Importance,
            ["Languages"] = string.Join(",", development.Languages),
            ["Sources"] = string.Join(",", development.Sources),
            ["ArticleCount"] = development.Articles.Count,
            [AbsorbedColumn] = string.Join(",", development.Absorbed),
        };
        Chunk(row, ViewColumn, view);
        Chunk(row, MembersColumn, members);
        return row;
    }

    /// <summary>The development a row holds, as the digest shows it; null when the row holds none that can be read.</summary>
    public static Development? DevelopmentOf(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var json = Joined(row, ViewColumn);
        try
        {
            var development = json.Length == 0 ? null : JsonSerializer.Deserialize<Development>(json, MonitorJson.Options);
            return development is null ? null : development with { Version = row.GetInt64(SequenceColumn) ?? row.Timestamp?.UtcTicks ?? 0 };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The columns a digest reads of a development row: its view and version, not the full articles
    /// kept for rebuilding it (Table storage then sends only these).
    /// </summary>
    public static IReadOnlyList<string> DigestColumns { get; } =
        [ViewColumn + "Chunks", SequenceColumn, "Timestamp", .. Enumerable.Range(0, MaxChunks).Select(i => ViewColumn + i.ToString("D2", CultureInfo.InvariantCulture))];

    /// <summary>
    /// The development as the digest shows it (its articles without their own figures, places,
    /// actors and summaries, which the development gathers) and its articles in full, to rebuild
    /// it from: each as UTF-8 JSON compressed with Brotli (JSON of news shrinks several times, and a
    /// digest reads many rows).
    /// </summary>
    private static (byte[] View, byte[] Members) Serialized(Development development)
    {
        var full = development.Articles.Select(a => a with { Signature = null }).ToList();
        var view = development with
        {
            Articles = [.. full.Select(a => a with { Figures = [], Places = [], Actors = [], LeadPlaces = [], LeadActors = [], Themes = [], LeadThemes = [], LeadNames = [], Summary = null })],
        };
        return (Compress(JsonSerializer.SerializeToUtf8Bytes(view, MonitorJson.Options)), Compress(JsonSerializer.SerializeToUtf8Bytes(full, MonitorJson.Options)));
    }

    /// <summary>The full articles of a development row (those of its view, for a row written before they were kept apart).</summary>
    internal static List<DevelopmentArticle> MembersOf(TableEntity row)
    {
        var json = Joined(row, MembersColumn);
        try
        {
            if (json.Length > 0 && JsonSerializer.Deserialize<List<DevelopmentArticle>>(json, MonitorJson.Options) is { } members)
            {
                return members;
            }
        }
        catch (JsonException)
        {
            // Fall back to the view's articles.
        }

        return [.. DevelopmentOf(row)?.Articles ?? []];
    }

    private static byte[] Compress(byte[] utf8)
    {
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(utf8.Length)];
        if (!BrotliEncoder.TryCompress(utf8, buffer, out var written, quality: 5, window: 22))
        {
            throw new InvalidOperationException("Brotli could not compress a development.");
        }

        var compressed = new byte[written + 4];
        BinaryPrimitives.WriteInt32LittleEndian(compressed, utf8.Length);
        buffer.AsSpan(0, written).CopyTo(compressed.AsSpan(4));
        return compressed;
    }

    /// <summary>Writes compressed bytes in binary columns of at most <see cref="ChunkBytes"/> (Column00, Column01…).</summary>
    private static void Chunk(TableEntity row, string column, byte[] bytes)
    {
        var chunks = 0;
        for (var start = 0; start < bytes.Length; start += ChunkBytes)
        {
            row[column + chunks.ToString("D2", CultureInfo.InvariantCulture)] = bytes.AsSpan(start, Math.Min(ChunkBytes, bytes.Length - start)).ToArray();
            chunks++;
        }

        row[column + "Chunks"] = chunks;
    }

    /// <summary>The UTF-8 JSON a row's columns hold; empty when there is none.</summary>
    private static byte[] Joined(TableEntity row, string column)
    {
        var chunks = row.GetInt32(column + "Chunks") ?? 0;
        var parts = new List<byte[]>(chunks);
        for (var i = 0; i < chunks; i++)
        {
            if (row.GetBinary(column + i.ToString("D2", CultureInfo.InvariantCulture)) is { } part)
            {
                parts.Add(part);
            }
        }

        var compressed = parts.Count == 1 ? parts[0] : [.. parts.SelectMany(p => p)];
        if (compressed.Length < 4)
        {
            return [];
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(compressed);
        if (length is < 0 or > 64 * 1024 * 1024)
        {
            return [];
        }

        var json = new byte[length];
        return BrotliDecoder.TryDecompress(compressed.AsSpan(4), json, out var written) && written == length ? json : [];
    }

    /// <summary>
    /// True when a rebuilt row holds what the stored one does. Brotli gives the same bytes for the
    /// same JSON, so the compressed columns are compared as they are, without decompressing either.
    /// </summary>
    internal static bool SameContent(TableEntity stored, TableEntity rebuilt) =>
        SameColumns(stored, rebuilt, ViewColumn) && SameColumns(stored, rebuilt, MembersColumn);

    private static bool SameColumns(TableEntity stored, TableEntity rebuilt, string column)
    {
        var chunks = rebuilt.GetInt32(column + "Chunks") ?? 0;
        if (stored.GetInt32(column + "Chunks") != chunks)
        {
            return false;
        }

        for (var i = 0; i < chunks; i++)
        {
            var name = column + i.ToString("D2", CultureInfo.InvariantCulture);
            if (stored.GetBinary(name) is not { } a || rebuilt.GetBinary(name) is not { } b || !a.AsSpan().SequenceEqual(b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Most operations of one Table transaction.</summary>
    private const int TransactionSize = 100;

    /// <summary>Most bytes of one Table transaction (the service allows 4 MiB; room is left for the envelope).</summary>
    private const int TransactionBytes = 3_000_000;

    /// <summary>The write of a development row: replacing the row read (its ETag), or upserting one that was not.</summary>
    internal static TableTransactionAction Write(TableEntity entity, Azure.ETag? ifMatch) => ifMatch is { } etag
        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
        : new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);

    /// <summary>
    /// Writes rows of one topic's partition in order, in as few transactions as fit (a hundred rows
    /// or 3 MB each), so that what comes last (the version counter) is written with or after the
    /// rest: a row replacing the one read (its ETag) fails the transaction (412) when it was changed
    /// meanwhile elsewhere, and the caller folds again; a row added fails it when it exists (409).
    /// Returns the ETag storage gave each row, in order (null where it gave none).
    /// </summary>
    internal static async Task<List<Azure.ETag?>> WriteAsync(TableClient table, IReadOnlyList<TableTransactionAction> writes, CancellationToken ct)
    {
        var etags = new List<Azure.ETag?>(writes.Count);
        var chunk = new List<TableTransactionAction>();
        var bytes = 0L;
        foreach (var write in writes)
        {
            var size = EstimatedBytes((TableEntity)write.Entity);
            if (chunk.Count == TransactionSize || (chunk.Count > 0 && bytes + size > TransactionBytes))
            {
                etags.AddRange(await SubmitAsync(table, chunk, ct).ConfigureAwait(false));
                chunk = [];
                bytes = 0;
            }

            chunk.Add(write);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            etags.AddRange(await SubmitAsync(table, chunk, ct).ConfigureAwait(false));
        }

        return etags;
    }

    private static async Task<IEnumerable<Azure.ETag?>> SubmitAsync(TableClient table, List<TableTransactionAction> chunk, CancellationToken ct)
    {
        if (chunk.Count > 1)
        {
            var responses = (await table.SubmitTransactionAsync(chunk, ct).ConfigureAwait(false)).Value;
            return responses.Count == chunk.Count ? responses.Select(ETagOf) : chunk.Select(_ => (Azure.ETag?)null);
        }

        var only = chunk[0];
        var response = only.ActionType switch
        {
            TableTransactionActionType.UpdateReplace => await table.UpdateEntityAsync(only.Entity, only.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false),
            TableTransactionActionType.Add => await table.AddEntityAsync(only.Entity, ct).ConfigureAwait(false),
            _ => await table.UpsertEntityAsync(only.Entity, TableUpdateMode.Replace, ct).ConfigureAwait(false),
        };
        return [ETagOf(response)];
    }

    private static Azure.ETag? ETagOf(Azure.Response response) => response.Headers.ETag;

    /// <summary>About how many bytes a row takes in a request: binary columns as Base64, text as UTF-8 at its widest.</summary>
    private static long EstimatedBytes(TableEntity entity) => 200 + entity.Sum(p => p.Key.Length + p.Value switch
    {
        byte[] binary => ((binary.Length + 2) / 3 * 4) + 40,
        string text => (text.Length * 3L) + 40,
        _ => 60,
    });
}
