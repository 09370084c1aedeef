using Monitor.Core.Digests;

namespace Monitor.Core.Tests.Digests;

[TestClass]
public sealed class DigestQueryParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Known = ["detainee-transfers", "other-topic"];

    private static DigestQueryResult Parse(params (string Key, string? Value)[] pairs) =>
        DigestQueryParser.Parse(pairs.ToDictionary(p => p.Key, p => p.Value), Now, Known);

    private static DigestQuery Valid(params (string Key, string? Value)[] pairs)
    {
        var result = Parse(pairs);
        Assert.IsTrue(result.IsValid, string.Join(" | ", result.Errors));
        Assert.IsEmpty(result.Errors);
        return result.Query!;
    }

    private static string SingleError(params (string Key, string? Value)[] pairs)
    {
        var result = Parse(pairs);
        Assert.IsFalse(result.IsValid);
        Assert.IsNull(result.Query);
        Assert.HasCount(1, result.Errors, string.Join(" | ", result.Errors));
        return result.Errors[0];
    }

    [TestMethod]
    public void A_topic_alone_gives_the_last_24_hours_as_json()
    {
        var query = Valid(("topic", "detainee-transfers"));

        Assert.AreEqual("detainee-transfers", query.Topic);
        Assert.AreEqual(Now.AddHours(-24), query.Since);
        Assert.AreEqual(Now, query.Until);
        Assert.AreEqual(DigestFormat.Json, query.Format);
        Assert.IsNull(query.Filters.Language);
        Assert.IsEmpty(query.Filters.Sources);
        Assert.AreEqual(DigestFilters.DefaultLimit, query.Filters.Limit);
        Assert.IsNull(query.Continuation);
    }

    [TestMethod]
    [DataRow("30m", 0, 30)]
    [DataRow("24h", 24, 0)]
    [DataRow("7d", 7 * 24, 0)]
    [DataRow("2w", 14 * 24, 0)]
    [DataRow("2W", 14 * 24, 0)]
    public void Relative_times_count_back_from_now(string since, int hours, int minutes)
    {
        var query = Valid(("topic", "detainee-transfers"), ("since", since));

        Assert.AreEqual(Now - new TimeSpan(hours, minutes, 0), query.Since);
        Assert.AreEqual(Now, query.Until);
    }

    [TestMethod]
    [DataRow("2026-01-20", "2026-01-20T00:00:00Z")]
    [DataRow("2026-01-20T08:30:00Z", "2026-01-20T08:30:00Z")]
    [DataRow("2026-01-20T08:30Z", "2026-01-20T08:30:00Z")]
    [DataRow("2026-01-20T08:30:00", "2026-01-20T08:30:00Z")]
    [DataRow("2026-01-20T10:30:00+02:00", "2026-01-20T08:30:00Z")]
    [DataRow("2026-01-20T10:30:00 02:00", "2026-01-20T08:30:00Z")]
    [DataRow("2026-01-20T05:30:00-0300", "2026-01-20T08:30:00Z")]
    [DataRow("2026-01-20 08:30:00.5Z", "2026-01-20T08:30:00.5Z")]
    public void Iso_8601_dates_and_times_are_read_as_utc(string since, string expected)
    {
        var query = Valid(("topic", "detainee-transfers"), ("since", since));

        Assert.AreEqual(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), query.Since);
        Assert.AreEqual(TimeSpan.Zero, query.Since.Offset);
    }

    [TestMethod]
    public void Until_accepts_the_same_forms()
    {
        var query = Valid(("topic", "detainee-transfers"), ("since", "2026-01-01"), ("until", "1d"));

        Assert.AreEqual(Now.AddDays(-1), query.Until);
    }

    [TestMethod]
    [DataRow("until", "0001-01-01")]
    [DataRow("since", "0001-01-01T00:00:00Z")]
    [DataRow("until", "1989-12-31")]
    [DataRow("until", "9999-12-31T23:59:59Z")]
    public void A_time_out_of_range_is_an_error_that_names_its_parameter(string name, string value)
    {
        var error = SingleError(("topic", "detainee-transfers"), (name, value));

        Assert.AreEqual($"the value '{value}' of parameter '{name}' is out of range: give a time from 1990-01-01T00:00:00Z to a year from now", error);
    }

    [TestMethod]
    public void Without_since_the_window_is_the_24_hours_before_until()
    {
        var query = Valid(("topic", "detainee-transfers"), ("until", "2026-01-10T06:00:00Z"));

        Assert.AreEqual(new DateTimeOffset(2026, 1, 9, 6, 0, 0, TimeSpan.Zero), query.Since);
    }

    [TestMethod]
    [DataRow("json", DigestFormat.Json)]
    [DataRow("JSON", DigestFormat.Json)]
    [DataRow("md", DigestFormat.Markdown)]
    [DataRow("markdown", DigestFormat.Markdown)]
    [DataRow("Markdown", DigestFormat.Markdown)]
    public void The_format_is_json_md_or_markdown(string format, DigestFormat expected)
    {
        Assert.AreEqual(expected, Valid(("topic", "detainee-transfers"), ("format", format)).Format);
    }

    [TestMethod]
    public void Parameter_names_are_case_insensitive()
    {
        var query = Valid(("Topic", "detainee-transfers"), ("SINCE", "2d"), ("Format", "md"));

        Assert.AreEqual(Now.AddDays(-2), query.Since);
        Assert.AreEqual(DigestFormat.Markdown, query.Format);
    }

    [TestMethod]
    public void The_topic_is_matched_without_regard_to_case_or_spaces()
    {
        Assert.AreEqual("detainee-transfers", Valid(("topic", " Detainee-Transfers ")).Topic);
    }

    [TestMethod]
    public void The_functions_key_parameter_is_ignored()
    {
        Valid(("topic", "detainee-transfers"), ("code", "secret"));
    }

    [TestMethod]
    public void A_missing_topic_is_an_error_naming_the_known_topics()
    {
        var error = SingleError(("since", "1d"));

        StringAssert.Contains(error, "'topic' is required");
        StringAssert.Contains(error, "detainee-transfers, other-topic");
    }

    [TestMethod]
    public void An_empty_topic_is_an_error()
    {
        StringAssert.Contains(SingleError(("topic", "  ")), "'topic' is required");
    }

    [TestMethod]
    public void An_unknown_topic_is_an_error_naming_it_and_the_known_topics()
    {
        var error = SingleError(("topic", "elections"));

        StringAssert.Contains(error, "unknown topic 'elections'");
        StringAssert.Contains(error, "known topics: detainee-transfers, other-topic");
    }

    [TestMethod]
    public void The_predicate_overload_checks_topics_with_the_predicate()
    {
        var ok = DigestQueryParser.Parse(new Dictionary<string, string?> { ["topic"] = "x" }, Now, id => id == "x");
        var bad = DigestQueryParser.Parse(new Dictionary<string, string?> { ["topic"] = "y" }, Now, id => id == "x");

        Assert.IsTrue(ok.IsValid);
        Assert.IsFalse(bad.IsValid);
        StringAssert.Contains(bad.Errors[0], "unknown topic 'y'");
    }

    [TestMethod]
    public void An_unknown_parameter_is_an_error_listing_the_allowed_ones()
    {
        var error = SingleError(("topic", "detainee-transfers"), ("language", "ar"));

        Assert.AreEqual("unknown parameter 'language'; allowed: topic, since, until, format, lang, hl, source, type, minscore, q, limit, continuation", error);
    }

    [TestMethod]
    [DataRow("yesterday")]
    [DataRow("24")]
    [DataRow("24x")]
    [DataRow("-2d")]
    [DataRow("2026-13-01")]
    [DataRow("2026-02-30")]
    [DataRow("23/01/2026")]
    [DataRow("2026-01-20T25:00:00Z")]
    public void A_time_that_is_neither_iso_nor_relative_is_an_error_naming_parameter_and_value(string since)
    {
        var error = SingleError(("topic", "detainee-transfers"), ("since", since));

        StringAssert.Contains(error, $"'{since}'");
        StringAssert.Contains(error, "'since'");
        StringAssert.Contains(error, "ISO 8601");
    }

    [TestMethod]
    public void An_empty_parameter_is_one_not_given_as_a_form_sends_its_empty_fields()
    {
        var query = Valid(("topic", "detainee-transfers"), ("until", ""), ("since", " "), ("lang", ""), ("hl", ""), ("type", ""), ("q", ""), ("limit", ""), ("format", ""));

        Assert.AreEqual(Now, query.Until);
        Assert.AreEqual(Now - DigestQueryParser.DefaultWindow, query.Since);
        Assert.AreEqual(DigestFormat.Json, query.Format);
        Assert.IsNull(query.Filters.Language);
        Assert.IsNull(query.Filters.ReaderLanguage);
        Assert.IsEmpty(query.Filters.Types);
        Assert.IsNull(query.Filters.Text);
        Assert.AreEqual(DigestFilters.DefaultLimit, query.Filters.Limit);
    }

    [TestMethod]
    public void An_unsupported_format_is_an_error_naming_it()
    {
        var error = SingleError(("topic", "detainee-transfers"), ("format", "xml"));

        StringAssert.Contains(error, "'xml'");
        StringAssert.Contains(error, "'format'");
        StringAssert.Contains(error, "json, md, html, rss, atom or csv");
    }

    [TestMethod]
    [DataRow("html", DigestFormat.Html)]
    [DataRow("RSS", DigestFormat.Rss)]
    [DataRow("atom", DigestFormat.Atom)]
    [DataRow("markdown", DigestFormat.Markdown)]
    public void Every_format_is_accepted(string name, DigestFormat expected)
    {
        Assert.AreEqual(expected, Valid(("topic", "detainee-transfers"), ("format", name)).Format);
    }

    [TestMethod]
    public void The_filters_are_read()
    {
        var query = Valid(
            ("topic", "detainee-transfers"), ("lang", "AR"), ("source", "shafaq-ar, rudaw-en"), ("type", "transfer,repatriation"),
            ("minScore", "0.4"), ("q", "الهول"), ("limit", "20"));

        Assert.AreEqual("ar", query.Filters.Language);
        CollectionAssert.AreEqual(new[] { "shafaq-ar", "rudaw-en" }, query.Filters.Sources.ToArray());
        CollectionAssert.AreEqual(new[] { "transfer", "repatriation" }, query.Filters.Types.ToArray());
        Assert.AreEqual(0.4, query.Filters.MinScore);
        Assert.AreEqual("الهول", query.Filters.Text);
        Assert.AreEqual(20, query.Filters.Limit);
    }

    [TestMethod]
    [DataRow("lang", "fr", "'lang'")]
    [DataRow("minScore", "1.5", "'minScore'")]
    [DataRow("minScore", "high", "'minScore'")]
    [DataRow("limit", "0", "'limit'")]
    [DataRow("limit", "501", "'limit'")]
    [DataRow("limit", "ten", "'limit'")]
    [DataRow("source", "a/b", "'source'")]
    [DataRow("type", "Transfer!", "'type'")]
    [DataRow("hl", "fr", "'hl'")]
    [DataRow("hl", "ar,en", "'hl'")]
    [DataRow("continuation", "not-a-token", "'continuation'")]
    public void A_bad_filter_is_an_error_naming_it(string name, string value, string expected)
    {
        StringAssert.Contains(SingleError(("topic", "detainee-transfers"), (name, value)), expected);
    }

    [TestMethod]
    public void A_continuation_token_the_service_gave_is_accepted()
    {
        var token = ContinuationToken.Write(Now, "dev1");

        Assert.AreEqual(token, Valid(("topic", "detainee-transfers"), ("continuation", token)).Continuation);
    }

    [TestMethod]
    public void Since_must_be_before_until()
    {
        var error = SingleError(("topic", "detainee-transfers"), ("since", "2026-01-22"), ("until", "2026-01-21"));

        StringAssert.Contains(error, "'since' (2026-01-22T00:00:00Z) must be before 'until' (2026-01-21T00:00:00Z)");
    }

    [TestMethod]
    public void Equal_since_and_until_are_an_error()
    {
        StringAssert.Contains(SingleError(("topic", "detainee-transfers"), ("since", "0h")), "must be before");
    }

    [TestMethod]
    public void A_relative_time_over_3650_days_is_an_error()
    {
        var error = SingleError(("topic", "detainee-transfers"), ("since", "3651d"));

        StringAssert.Contains(error, "'3651d'");
        StringAssert.Contains(error, "3650 days");
    }

    [TestMethod]
    public void A_relative_time_of_3650_days_is_allowed()
    {
        Assert.AreEqual(Now.AddDays(-3650), Valid(("topic", "detainee-transfers"), ("since", "3650d")).Since);
        Assert.AreEqual(Now.AddDays(-3647), Valid(("topic", "detainee-transfers"), ("since", "521w")).Since);
    }

    [TestMethod]
    public void A_window_longer_than_3650_days_is_an_error()
    {
        var error = SingleError(("topic", "detainee-transfers"), ("since", "2000-01-01"), ("until", "2026-01-01"));

        StringAssert.Contains(error, "longer than 3650 days");
    }

    [TestMethod]
    public void Every_problem_is_reported_at_once()
    {
        var result = Parse(("topic", "nope"), ("since", "later"), ("format", "pdf"), ("page", "2"));

        Assert.IsFalse(result.IsValid);
        Assert.HasCount(4, result.Errors);
    }

    [TestMethod]
    public void A_parameter_given_twice_in_different_cases_is_an_error()
    {
        var error = SingleError(("topic", "detainee-transfers"), ("format", "md"), ("FORMAT", "json"));

        StringAssert.Contains(error, "'format' is given more than once");
    }
}
