using Microsoft.Extensions.Options;
using Monitor.Core.Delivery;

namespace Monitor.Core.Tests.Delivery;

[TestClass]
public sealed class DeliveryScheduleTests
{
    private static readonly TimeZoneInfo Baghdad = DeliverySchedule.Zone("Asia/Baghdad")!;
    private static readonly TimeZoneInfo London = DeliverySchedule.Zone("Europe/London")!;

    [TestMethod]
    public void Immediate_is_always_due()
    {
        var now = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

        Assert.IsTrue(DeliverySchedule.IsDue(SubscriptionTerms.Immediate, null, TimeZoneInfo.Utc, now, now));
    }

    [TestMethod]
    public void Hourly_is_due_once_in_each_clock_hour()
    {
        var lastRun = new DateTimeOffset(2026, 3, 1, 10, 5, 0, TimeSpan.Zero);

        Assert.IsFalse(DeliverySchedule.IsDue(SubscriptionTerms.Hourly, null, TimeZoneInfo.Utc, lastRun, lastRun.AddMinutes(54)));
        Assert.IsTrue(DeliverySchedule.IsDue(SubscriptionTerms.Hourly, null, TimeZoneInfo.Utc, lastRun, lastRun.AddMinutes(55)));
    }

    [TestMethod]
    public void Daily_is_due_at_the_local_time_in_the_subscribers_zone()
    {
        // 07:30 in Baghdad (UTC+3) is 04:30 UTC.
        var lastRun = new DateTimeOffset(2026, 3, 1, 5, 0, 0, TimeSpan.Zero);

        Assert.IsFalse(DeliverySchedule.IsDue(SubscriptionTerms.Daily, "07:30", Baghdad, lastRun, new DateTimeOffset(2026, 3, 2, 4, 29, 0, TimeSpan.Zero)));
        Assert.IsTrue(DeliverySchedule.IsDue(SubscriptionTerms.Daily, "07:30", Baghdad, lastRun, new DateTimeOffset(2026, 3, 2, 4, 30, 0, TimeSpan.Zero)));
        Assert.AreEqual(new DateTimeOffset(2026, 3, 2, 4, 30, 0, TimeSpan.Zero), DeliverySchedule.LastSlot(SubscriptionTerms.Daily, "07:30", Baghdad, new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero)));
    }

    [TestMethod]
    public void Daily_follows_daylight_saving_and_a_skipped_time_moves_to_just_after_the_gap()
    {
        // London moves from 01:00 GMT to 02:00 BST on 29 March 2026: 08:00 is 08:00 UTC before, 07:00 UTC after.
        Assert.AreEqual(new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero), DeliverySchedule.LastSlot(SubscriptionTerms.Daily, "08:00", London, new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero)));
        Assert.AreEqual(new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero), DeliverySchedule.LastSlot(SubscriptionTerms.Daily, "08:00", London, new DateTimeOffset(2026, 3, 30, 12, 0, 0, TimeSpan.Zero)));
        Assert.AreEqual(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), DeliverySchedule.LastSlot(SubscriptionTerms.Daily, "01:30", London, new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero)));
    }

    [TestMethod]
    public void Unknown_zones_and_times_are_not_read()
    {
        Assert.IsNull(DeliverySchedule.Zone("Mars/Olympus"));
        Assert.IsNull(DeliverySchedule.ParseTime("25:00"));
        Assert.AreEqual(new TimeOnly(7, 30), DeliverySchedule.ParseTime("07:30"));
    }
}

[TestClass]
public sealed class SubscriptionTokensTests
{
    private static SubscriptionTokens Tokens(string? key = null) =>
        new(Options.Create(new DeliveryOptions { TokenKey = key }));

    [TestMethod]
    public void A_manage_token_is_checked_against_its_hash_only()
    {
        var token = SubscriptionTokens.NewToken();
        var hash = SubscriptionTokens.Hash(token);

        Assert.IsTrue(SubscriptionTokens.Matches(token, hash));
        Assert.IsFalse(SubscriptionTokens.Matches(token + "x", hash));
        Assert.IsFalse(SubscriptionTokens.Matches(null, hash));
        Assert.DoesNotContain(token, hash);
    }

    [TestMethod]
    public void Link_tokens_are_signed_per_subscription_and_purpose()
    {
        var tokens = Tokens();
        var unsubscribe = tokens.LinkToken("sub1", "unsubscribe");

        Assert.IsTrue(tokens.IsLinkToken("sub1", "unsubscribe", unsubscribe));
        Assert.IsFalse(tokens.IsLinkToken("sub2", "unsubscribe", unsubscribe), "another subscription");
        Assert.IsFalse(tokens.IsLinkToken("sub1", "confirm", unsubscribe), "another purpose");
        Assert.IsFalse(Tokens(Convert.ToBase64String(new byte[32])).IsLinkToken("sub1", "unsubscribe", unsubscribe), "another key");
    }

    [TestMethod]
    public void Webhook_secrets_are_stored_encrypted_and_read_back_only_with_the_key()
    {
        var tokens = Tokens();
        var stored = tokens.Protect("whsec_abc");

        Assert.DoesNotContain("whsec_abc", stored);
        Assert.AreEqual("whsec_abc", tokens.Unprotect(stored));
        Assert.AreNotEqual(stored, tokens.Protect("whsec_abc"), "a fresh nonce each time");
        Assert.ThrowsExactly<System.Security.Cryptography.AuthenticationTagMismatchException>(() => Tokens(Convert.ToBase64String(new byte[32])).Unprotect(stored));
    }

    [TestMethod]
    public void A_short_or_malformed_key_is_refused()
    {
        Assert.ThrowsExactly<OptionsValidationException>(() => Tokens(Convert.ToBase64String(new byte[16])));
        Assert.ThrowsExactly<OptionsValidationException>(() => Tokens("not base64!"));
        Assert.IsTrue(Tokens().UsesDevelopmentKey);
    }
}
