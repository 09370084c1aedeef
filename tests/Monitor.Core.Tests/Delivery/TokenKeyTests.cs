using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Core.Delivery;

namespace Monitor.Core.Tests.Delivery;

[TestClass]
public sealed class TokenKeyTests
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private static readonly DateTimeOffset RotatedUntil = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The delivery options as a host validates them at start, in the environment given (null: no host).</summary>
    private static DeliveryOptions Validated(string? environment, Dictionary<string, string?> settings)
    {
        if (environment is not null)
        {
            settings[TokenKeyRequirement.FunctionsEnvironmentSetting] = environment;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddDelivery();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DeliveryOptions>>().Value;
    }

    [TestMethod]
    [DataRow("Production", null)]
    [DataRow("Production", "")]
    [DataRow("Staging", SubscriptionTokens.DevelopmentKey)]
    public void Outside_Development_the_public_development_key_or_none_is_refused_in_one_sentence(string environment, string? key)
    {
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => Validated(environment, new() { ["Delivery:TokenKey"] = key }));

        StringAssert.StartsWith(error.Message, $"Delivery:TokenKey must be set to a key of this deployment's own outside Development (environment: {environment})");
        Assert.DoesNotContain("\n", error.Message);
    }

    [TestMethod]
    public void A_key_of_its_own_starts_in_Production_and_none_is_needed_in_Development_or_without_a_host()
    {
        Assert.AreEqual(KeyA, Validated("Production", new() { ["Delivery:TokenKey"] = KeyA }).TokenKey);
        Assert.IsNull(Validated("Development", []).TokenKey);
        Assert.IsNull(Validated(null, []).TokenKey);
    }

    [TestMethod]
    [DataRow("Delivery:TokenKey", "not base64!", "Delivery:TokenKey must be Base64.")]
    [DataRow("Delivery:PreviousTokenKey", "c2hvcnQ=", "Delivery:PreviousTokenKey must hold at least 32 bytes.")]
    public void A_malformed_key_is_refused_at_start(string setting, string value, string message)
    {
        var error = Assert.ThrowsExactly<OptionsValidationException>(() =>
            Validated("Development", new() { [setting] = value, ["Delivery:PreviousTokenKeyUntil"] = "2026-03-01T00:00:00Z" }));

        Assert.AreEqual(message, error.Message);
    }

    [TestMethod]
    public void A_previous_key_without_the_time_its_links_end_is_refused_at_start()
    {
        var error = Assert.ThrowsExactly<OptionsValidationException>(() =>
            Validated("Production", new() { ["Delivery:TokenKey"] = KeyB, ["Delivery:PreviousTokenKey"] = KeyA }));

        StringAssert.Contains(error.Message, "Delivery:PreviousTokenKeyUntil");
    }

    [TestMethod]
    public void After_a_rotation_links_signed_with_the_previous_key_are_accepted_until_the_stated_time_and_not_after()
    {
        var before = new SubscriptionTokens(Options.Create(new DeliveryOptions { TokenKey = KeyA }));
        var unsubscribe = before.LinkToken("sub1", SubscriptionService.UnsubscribePurpose);
        var rotated = new DeliveryOptions { TokenKey = KeyB, PreviousTokenKey = KeyA, PreviousTokenKeyUntil = RotatedUntil };

        var during = new SubscriptionTokens(Options.Create(rotated), time: new At(RotatedUntil.AddSeconds(-1)));
        var after = new SubscriptionTokens(Options.Create(rotated), time: new At(RotatedUntil));

        Assert.IsTrue(during.IsLinkToken("sub1", SubscriptionService.UnsubscribePurpose, unsubscribe));
        Assert.IsFalse(during.IsLinkToken("sub2", SubscriptionService.UnsubscribePurpose, unsubscribe), "still one subscription's link only");
        Assert.IsFalse(after.IsLinkToken("sub1", SubscriptionService.UnsubscribePurpose, unsubscribe));
        Assert.IsTrue(after.IsLinkToken("sub1", SubscriptionService.UnsubscribePurpose, after.LinkToken("sub1", SubscriptionService.UnsubscribePurpose)), "new links use the new key");
    }

    [TestMethod]
    public void After_a_rotation_webhook_secrets_encrypted_under_the_previous_key_are_still_read()
    {
        var stored = new SubscriptionTokens(Options.Create(new DeliveryOptions { TokenKey = KeyA })).Protect("whsec_old");
        var rotated = new SubscriptionTokens(Options.Create(new DeliveryOptions { TokenKey = KeyB, PreviousTokenKey = KeyA, PreviousTokenKeyUntil = RotatedUntil }), time: new At(RotatedUntil.AddDays(30)));

        Assert.AreEqual("whsec_old", rotated.Unprotect(stored));
        Assert.AreEqual("whsec_new", rotated.Unprotect(rotated.Protect("whsec_new")));
    }

    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
