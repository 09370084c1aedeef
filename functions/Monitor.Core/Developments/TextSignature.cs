using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;
using Monitor.Core.Classification;

namespace Monitor.Core.Developments;

/// <summary>
/// A MinHash signature of a text: for each of <see cref="Size"/> hash functions, the least hash of
/// its three-word shingles, over the words as the classifier folds them (case, hamza, diacritics,
/// digits). The share of equal positions in two signatures estimates the Jaccard similarity of the
/// two texts' shingle sets, so a rewritten wire story is found without comparing texts.
/// </summary>
[JsonConverter(typeof(TextSignatureJsonConverter))]
public sealed class TextSignature : IEquatable<TextSignature>
{
    /// <summary>Hash functions per signature.</summary>
    public const int Size = 64;

    /// <summary>Words per shingle.</summary>
    public const int ShingleWords = 3;

    private static readonly ulong[] Seeds = BuildSeeds();

    private readonly uint[] values;

    private readonly bool empty;

    private TextSignature(uint[] values)
    {
        this.values = values;
        empty = Array.TrueForAll(values, v => v == uint.MaxValue);
    }

    /// <summary>True when the text had no shingle (an empty text): it is similar to nothing.</summary>
    public bool IsEmpty => empty;

    /// <summary>The signature of a text (title and body together, as the caller chooses).</summary>
    public static TextSignature Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = MatchText.Of(text).Tokens;
        var mins = new uint[Size];
        Array.Fill(mins, uint.MaxValue);
        if (tokens.Count == 0)
        {
            return new TextSignature(mins);
        }

        var shingles = Math.Max(1, tokens.Count - ShingleWords + 1);
        for (var i = 0; i < shingles; i++)
        {
            var hash = 14695981039346656037UL;
            for (var k = i; k < Math.Min(tokens.Count, i + ShingleWords); k++)
            {
                foreach (var c in tokens[k].Text)
                {
                    hash = (hash ^ c) * 1099511628211UL;
                }

                hash = (hash ^ ' ') * 1099511628211UL;
            }

            for (var s = 0; s < Size; s++)
            {
                var v = (uint)(Mix(hash ^ Seeds[s]) >> 32);
                if (v < mins[s])
                {
                    mins[s] = v;
                }
            }
        }

        return new TextSignature(mins);
    }

    /// <summary>Estimated Jaccard similarity of the two texts' shingles, in [0, 1].</summary>
    public double Similarity(TextSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsEmpty || other.IsEmpty)
        {
            return 0;
        }

        var equal = 0;
        for (var i = 0; i < Size; i++)
        {
            equal += values[i] == other.values[i] ? 1 : 0;
        }

        return (double)equal / Size;
    }

    /// <summary>The signature as Base64 (256 bytes before encoding), for storage.</summary>
    public string ToBase64()
    {
        var bytes = new byte[Size * 4];
        for (var i = 0; i < Size; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>Reads <see cref="ToBase64"/>'s output; null for anything else (a row written before signatures existed).</summary>
    public static TextSignature? FromBase64(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        var bytes = new byte[Size * 4];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != bytes.Length)
        {
            return null;
        }

        var values = new uint[Size];
        for (var i = 0; i < Size; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        }

        return new TextSignature(values);
    }

    public bool Equals(TextSignature? other) => other is not null && values.AsSpan().SequenceEqual(other.values);

    public override bool Equals(object? obj) => Equals(obj as TextSignature);

    public override int GetHashCode() => HashCode.Combine(values[0], values[1], values[Size - 1]);

    /// <summary>SplitMix64's finaliser: a strong 64-bit mix.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong[] BuildSeeds()
    {
        var seeds = new ulong[Size];
        var state = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < Size; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            seeds[i] = Mix(state);
        }

        return seeds;
    }
}

/// <summary>A signature in JSON: its Base64 string.</summary>
public sealed class TextSignatureJsonConverter : JsonConverter<TextSignature>
{
    public override TextSignature? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? TextSignature.FromBase64(reader.GetString()) : null;

    public override void Write(Utf8JsonWriter writer, TextSignature value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToBase64());
    }
}
