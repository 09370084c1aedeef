using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Monitor.Core.Delivery;

/// <summary>
/// The secrets of subscriptions. A subscription's manage token is random, shown once and stored
/// only as its SHA-256; confirmation and unsubscribe tokens are HMACs of the subscription's id
/// under the service's key, so they are checked without being stored; webhook signing secrets,
/// which must be used and not only checked, are stored encrypted (AES-GCM under a key derived
/// from the same service key).
/// </summary>
public sealed partial class SubscriptionTokens
{
    /// <summary>The key used when none is configured: fine on a laptop, never in Azure.</summary>
    internal const string DevelopmentKey = "bW9uaXRvci1kZXZlbG9wbWVudC1rZXktbm90LWZvci1wcm9kdWN0aW9uLTMyYg==";

    private readonly byte[] signingKey;
    private readonly byte[] encryptionKey;

    public SubscriptionTokens(IOptions<DeliveryOptions> options, ILogger<SubscriptionTokens>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.TokenKey;
        UsesDevelopmentKey = string.IsNullOrWhiteSpace(configured);
        if (UsesDevelopmentKey && log is not null)
        {
            LogDevelopmentKey(log);
        }

        var key = KeyOf(UsesDevelopmentKey ? DevelopmentKey : configured!)
            ?? throw new OptionsValidationException(DeliveryOptions.Section, typeof(DeliveryOptions), [KeyProblem(configured)!]);

        signingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.UTF8.GetBytes("monitor subscription links"));
        encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.UTF8.GetBytes("monitor webhook secrets"));
    }

    /// <summary>What is wrong with a configured <c>Delivery:TokenKey</c>, or null when it is unset or usable.</summary>
    public static string? KeyProblem(string? configured) =>
        string.IsNullOrWhiteSpace(configured) || KeyOf(configured) is not null ? null
        : IsBase64(configured) ? "Delivery:TokenKey must hold at least 32 bytes." : "Delivery:TokenKey must be Base64.";

    /// <summary>True when no key is configured and the development key is in use.</summary>
    public bool UsesDevelopmentKey { get; }

    /// <summary>A new random token, URL-safe: for manage tokens, webhook secrets and ids.</summary>
    public static string NewToken(int bytes = 32) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>What is stored of a token that only needs checking.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True when <paramref name="token"/> hashes to <paramref name="storedHash"/> (compared in constant time).</summary>
    public static bool Matches(string? token, string? storedHash) =>
        !string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(storedHash)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>The token of a link (<paramref name="purpose"/>: "confirm", "unsubscribe") for a subscription.</summary>
    public string LinkToken(string subscriptionId, string purpose) =>
        Base64Url(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(purpose + "\n" + subscriptionId)));

    public bool IsLinkToken(string subscriptionId, string purpose, string? token) =>
        !string.IsNullOrEmpty(token)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(LinkToken(subscriptionId, purpose)), Encoding.ASCII.GetBytes(token));

    /// <summary>Encrypts a webhook secret for storage: nonce, tag and ciphertext, Base64.</summary>
    public string Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using var aes = new AesGcm(encryptionKey, tag.Length);
        aes.Encrypt(nonce, plain, cipher, tag);
        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    /// <summary>The secret <see cref="Protect"/> stored; throws when it was stored under another key.</summary>
    public string Unprotect(string stored)
    {
        var bytes = Convert.FromBase64String(stored);
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var plain = new byte[bytes.Length - nonceSize - tagSize];
        using var aes = new AesGcm(encryptionKey, tagSize);
        aes.Decrypt(bytes.AsSpan(0, nonceSize), bytes.AsSpan(nonceSize + tagSize), bytes.AsSpan(nonceSize, tagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The key's bytes, or null when it is not Base64 of at least 32 bytes.</summary>
    private static byte[]? KeyOf(string base64) =>
        IsBase64(base64) && Convert.FromBase64String(base64) is { Length: >= 32 } key ? key : null;

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery:TokenKey is not set: links and webhook secrets use the development key, which is public. Set it (in Azure, from Key Vault) before anyone subscribes")]
    private static partial void LogDevelopmentKey(ILogger logger);
}
