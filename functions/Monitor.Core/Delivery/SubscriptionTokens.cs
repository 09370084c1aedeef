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
/// from the same service key). After a key rotation, links signed with the previous key are
/// accepted until <see cref="DeliveryOptions.PreviousTokenKeyUntil"/>, and webhook secrets it
/// encrypted are read with it while it is configured.
/// </summary>
public sealed partial class SubscriptionTokens
{
    /// <summary>The key used when none is configured: fine on a laptop, never in Azure.</summary>
    public const string DevelopmentKey = "bW9uaXRvci1kZXZlbG9wbWVudC1rZXktbm90LWZvci1wcm9kdWN0aW9uLTMyYg==";

    private readonly byte[] signingKey;
    private readonly byte[] encryptionKey;
    private readonly byte[]? previousSigningKey;
    private readonly byte[]? previousEncryptionKey;
    private readonly DateTimeOffset previousUntil;
    private readonly TimeProvider time;

    public SubscriptionTokens(IOptions<DeliveryOptions> options, ILogger<SubscriptionTokens>? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.time = time ?? TimeProvider.System;
        var configured = options.Value.TokenKey;
        UsesDevelopmentKey = string.IsNullOrWhiteSpace(configured);
        if (UsesDevelopmentKey && log is not null)
        {
            LogDevelopmentKey(log);
        }

        (signingKey, encryptionKey) = Derive(UsesDevelopmentKey ? DevelopmentKey : configured!, "Delivery:TokenKey");
        if (!string.IsNullOrWhiteSpace(options.Value.PreviousTokenKey))
        {
            (previousSigningKey, previousEncryptionKey) = Derive(options.Value.PreviousTokenKey, "Delivery:PreviousTokenKey");
            previousUntil = options.Value.PreviousTokenKeyUntil ?? DateTimeOffset.MinValue;
        }
    }

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
    public string LinkToken(string subscriptionId, string purpose) => LinkToken(signingKey, subscriptionId, purpose);

    /// <summary>
    /// Whether <paramref name="token"/> is the link token of the subscription and purpose: signed with the
    /// current key, or with the previous one until its stated time.
    /// </summary>
    public bool IsLinkToken(string subscriptionId, string purpose, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var given = Encoding.ASCII.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(LinkToken(signingKey, subscriptionId, purpose)), given)
            || (previousSigningKey is not null && time.GetUtcNow() < previousUntil
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(LinkToken(previousSigningKey, subscriptionId, purpose)), given));
    }

    /// <summary>Null when <paramref name="key"/> is Base64 of at least 32 bytes; otherwise what is wrong with it.</summary>
    public static string? WhyNotAKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = new byte[key.Length];
        return !Convert.TryFromBase64String(key.Trim(), bytes, out var length) ? "must be Base64"
            : length < 32 ? "must hold at least 32 bytes"
            : null;
    }

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

    /// <summary>
    /// The secret <see cref="Protect"/> stored, under the current key or the previous one; throws when it
    /// was stored under another key.
    /// </summary>
    public string Unprotect(string stored)
    {
        var bytes = Convert.FromBase64String(stored);
        try
        {
            return Decrypt(encryptionKey, bytes);
        }
        catch (AuthenticationTagMismatchException) when (previousEncryptionKey is not null)
        {
            return Decrypt(previousEncryptionKey, bytes);
        }
    }

    private static string Decrypt(byte[] key, byte[] bytes)
    {
        var nonceSize = AesGcm.NonceByteSizes.MaxSize;
        var tagSize = AesGcm.TagByteSizes.MaxSize;
        var plain = new byte[bytes.Length - nonceSize - tagSize];
        using var aes = new AesGcm(key, tagSize);
        aes.Decrypt(bytes.AsSpan(0, nonceSize), bytes.AsSpan(nonceSize + tagSize), bytes.AsSpan(nonceSize, tagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    private static (byte[] Signing, byte[] Encryption) Derive(string configured, string setting)
    {
        if (WhyNotAKey(configured) is { } problem)
        {
            throw new OptionsValidationException(DeliveryOptions.Section, typeof(DeliveryOptions), [$"{setting} {problem}."]);
        }

        var key = Convert.FromBase64String(configured.Trim());
        return (HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.UTF8.GetBytes("monitor subscription links")),
                HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.UTF8.GetBytes("monitor webhook secrets")));
    }

    private static string LinkToken(byte[] key, string subscriptionId, string purpose) =>
        Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose + "\n" + subscriptionId)));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery:TokenKey is not set: links and webhook secrets use the development key, which is public. Set it (in Azure, from Key Vault) before anyone subscribes")]
    private static partial void LogDevelopmentKey(ILogger logger);
}
