using System.Net;
using System.Net.Mail;
using System.Text.Json;
using Monitor.Core.Outbound;

namespace Monitor.Core.Delivery;

/// <summary>
/// A subscription's fields as a client sends them (to create one, or to change one: then only the
/// fields given change). Reading it reports every problem as a sentence that names the field.
/// </summary>
public sealed record SubscriptionRequest
{
    public const int MaxBodyBytes = 16 * 1024;

    public string? Email { get; init; }

    public Uri? WebhookUrl { get; init; }

    public IReadOnlyList<string>? Topics { get; init; }

    public IReadOnlyList<string>? Languages { get; init; }

    /// <summary>The reader's language of its digests (<c>hl</c>: "en" or "ar"); "" clears it (headlines as published); null leaves it.</summary>
    public string? ReaderLanguage { get; init; }

    public double? MinScore { get; init; }

    public string? Schedule { get; init; }

    public string? DailyAt { get; init; }

    public string? TimeZone { get; init; }

    /// <summary>On creation: the first delivery also carries the developments already stored (otherwise it starts from now).</summary>
    public bool Backfill { get; init; }

    /// <summary>On a change: a new webhook secret is made and shown once.</summary>
    public bool RotateSecret { get; init; }

    /// <summary>On a change: true resumes a failing subscription.</summary>
    public bool? Active { get; init; }

    private static readonly string[] Fields = ["email", "webhookUrl", "topics", "languages", "hl", "minScore", "schedule", "dailyAt", "timeZone", "backfill", "rotateSecret", "active"];

    /// <summary>Reads a JSON body; <paramref name="creating"/> requires an address and allows no change-only fields.</summary>
    public static (SubscriptionRequest? Request, List<string> Errors) Parse(string? body, bool creating, IReadOnlyCollection<string> knownTopics)
    {
        ArgumentNullException.ThrowIfNull(knownTopics);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(body))
        {
            errors.Add("the body must be a JSON object");
            return (null, errors);
        }

        if (body.Length > MaxBodyBytes)
        {
            errors.Add($"the body is longer than {MaxBodyBytes} bytes");
            return (null, errors);
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            errors.Add($"the body is not valid JSON: {e.Message}");
            return (null, errors);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("the body must be a JSON object");
            return (null, errors);
        }

        var request = new SubscriptionRequest();
        foreach (var property in root.EnumerateObject())
        {
            var name = Fields.FirstOrDefault(f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase));
            var value = property.Value;
            switch (name)
            {
                case "email":
                    request = request with { Email = ReadEmail(value, errors) };
                    break;
                case "webhookUrl":
                    request = request with { WebhookUrl = ReadUrl(value, errors) };
                    break;
                case "topics":
                    request = request with { Topics = ReadList(value, "topics", t => knownTopics.Contains(t, StringComparer.Ordinal), $"a known topic ({string.Join(", ", knownTopics)})", errors) };
                    break;
                case "languages":
                    request = request with { Languages = ReadList(value, "languages", l => l is "ar" or "en", "\"ar\" or \"en\"", errors) };
                    break;
                case "hl":
                    var hl = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim().ToLowerInvariant() : null;
                    if (value.ValueKind == JsonValueKind.Null || hl is "")
                    {
                        request = request with { ReaderLanguage = "" };
                    }
                    else if (hl is "ar" or "en")
                    {
                        request = request with { ReaderLanguage = hl };
                    }
                    else
                    {
                        errors.Add("hl: must be \"en\" or \"ar\" (the language headlines and summaries are given in), or null for headlines as published");
                    }

                    break;
                case "minScore":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var min) && min is >= 0 and <= 1)
                    {
                        request = request with { MinScore = min };
                    }
                    else
                    {
                        errors.Add("minScore: must be a number from 0 to 1");
                    }

                    break;
                case "schedule":
                    var schedule = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    if (schedule is not null && SubscriptionTerms.Schedules.Contains(schedule))
                    {
                        request = request with { Schedule = schedule };
                    }
                    else
                    {
                        errors.Add($"schedule: must be one of {string.Join(", ", SubscriptionTerms.Schedules)}");
                    }

                    break;
                case "dailyAt":
                    var at = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    if (DeliverySchedule.ParseTime(at) is not null)
                    {
                        request = request with { DailyAt = at };
                    }
                    else
                    {
                        errors.Add("dailyAt: must be a 24-hour time \"HH:mm\", such as \"07:30\"");
                    }

                    break;
                case "timeZone":
                    var zone = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                    if (DeliverySchedule.Zone(zone) is not null)
                    {
                        request = request with { TimeZone = zone };
                    }
                    else
                    {
                        errors.Add("timeZone: must be an IANA time zone, such as \"Asia/Baghdad\" or \"Europe/London\"");
                    }

                    break;
                case "backfill" when creating:
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        request = request with { Backfill = value.GetBoolean() };
                    }
                    else
                    {
                        errors.Add("backfill: must be true or false");
                    }

                    break;
                case "rotateSecret" when !creating:
                    request = request with { RotateSecret = value.ValueKind == JsonValueKind.True };
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        errors.Add("rotateSecret: must be true or false");
                    }

                    break;
                case "active" when !creating:
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        request = request with { Active = value.GetBoolean() };
                    }
                    else
                    {
                        errors.Add("active: must be true or false");
                    }

                    break;
                default:
                    errors.Add($"{property.Name}: unknown field; known fields: {string.Join(", ", creating ? Fields[..^2] : Fields.Where(f => f != "backfill"))}");
                    break;
            }
        }

        if (creating)
        {
            if (request.Email is null && request.WebhookUrl is null && !errors.Any(e => e.StartsWith("email", StringComparison.Ordinal) || e.StartsWith("webhookUrl", StringComparison.Ordinal)))
            {
                errors.Add("email or webhookUrl: one of them is required");
            }

            if (request.Email is not null && request.WebhookUrl is not null)
            {
                errors.Add("email and webhookUrl: give one of them, not both");
            }

            if ((request.Schedule ?? SubscriptionTerms.Daily) == SubscriptionTerms.Daily && request.DailyAt is null && !errors.Any(e => e.StartsWith("dailyAt", StringComparison.Ordinal)))
            {
                request = request with { DailyAt = "08:00" };
            }
        }

        return errors.Count == 0 ? (request, errors) : (null, errors);
    }

    private static string? ReadEmail(JsonElement value, List<string> errors)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
        if (text is { Length: > 3 and <= 254 } && MailAddress.TryCreate(text, out var address) && address.Address == text && address.Host.Contains('.', StringComparison.Ordinal))
        {
            return address.Address;
        }

        errors.Add("email: must be an email address, such as \"analyst@example.org\"");
        return null;
    }

    private static Uri? ReadUrl(JsonElement value, List<string> errors)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
        if (text is null || text.Length > 2000 || !Uri.TryCreate(text, UriKind.Absolute, out var url))
        {
            errors.Add("webhookUrl: must be an absolute http or https URL");
            return null;
        }

        if (OutboundAddresses.WhyRefused(url) is { } reason)
        {
            errors.Add($"webhookUrl: {reason}");
            return null;
        }

        return url;
    }

    private static List<string>? ReadList(JsonElement value, string name, Func<string, bool> allowed, string what, List<string> errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{name}: must be an array of strings");
            return null;
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()?.Trim().ToLowerInvariant() : null;
            if (text is null || !allowed(text))
            {
                errors.Add($"{name}: '{(item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText())}' is not {what}");
            }
            else if (!list.Contains(text))
            {
                list.Add(text);
            }
        }

        if (name == "topics" && list.Count == 0 && errors.Count == 0)
        {
            errors.Add("topics: give at least one topic");
        }

        return list;
    }
}
