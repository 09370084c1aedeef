using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Monitor.Core.Developments;
using Monitor.Core.Digests;

namespace Monitor.Core.Tests.Digests;

[TestClass]
public sealed class DigestSchemaTests
{
    private static readonly DateTimeOffset Generated = new(2026, 1, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The schema as the core project copies it beside the assemblies (and so beside the service).</summary>
    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "Digests", "digest.schema.json");

    /// <summary>Built once: a schema registers its $id, and a second build of the same $id is refused.</summary>
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    private static DevelopmentArticle Article(string id, string? title, string? url, string source, string language, int hour, double score) =>
        new(id, title, url, source, source.ToUpperInvariant(), language, new DateTimeOffset(2026, 1, 23, hour, 0, 0, TimeSpan.Zero), score);

    /// <summary>A digest with every kind of value: series points, figures, disagreements, a story of a page, a null address and a null title.</summary>
    private static Digest Realistic()
    {
        Development[] developments =
        [
            DevelopmentBuilder.Build("dev-transfer",
            [
                Article("a1", "نقل 2250 محتجزاً من «داعش» إلى العراق", "https://example.test/ar?id=1", "alrai", "ar", 8, 0.95123) with
                {
                    Summary = "نقلت القوات الأميركية 2250 محتجزاً إلى العراق.",
                    Type = "transfer",
                    Figures = [new StatedFigure(2250, "exact", "detainees", "2250 محتجزاً")],
                    Places = ["hasakah", "iraq"],
                    Actors = ["centcom"],
                },
                Article("e1", "About 2,300 ISIS detainees moved to Iraq", null, "reuters", "en", 9, 0.8) with
                {
                    Type = "transfer",
                    Figures = [new StatedFigure(2300, "approx", "detainees", "about 2,300"), new StatedFigure(7000, "up_to", "detainees", "up to 7,000")],
                    Places = ["iraq"],
                    Actors = ["centcom", "sdf"],
                },
                Article("p1", null, "https://example.test/live", "rudaw", "en", 10, 0.6) with
                {
                    Story = 2,
                    PublishedEstimated = true,
                    Summary = "Detainees were moved overnight.",
                    Type = "transfer",
                    Figures = [new StatedFigure(3, "exact", null, "3")],
                },
            ]),
            DevelopmentBuilder.Build("dev-repatriation",
            [
                Article("e2", "Iraq repatriates 300 families from al-Hol", "https://example.test/en/2", "rudaw", "en", 7, 0.7) with
                {
                    Type = "repatriation",
                    Figures = [new StatedFigure(300, "exact", "families", "300 families")],
                },
            ]),
        ];

        return new Digest("detainee-transfers", Generated, Generated.AddDays(-2), Generated, developments)
        {
            TopicName = "Detainee transfers",
            Language = "en",
            Filters = new DigestFilters("en", ["alrai", "reuters"], ["transfer", "repatriation"], 0.2, "detainees iraq", 50),
            Series = FigureSeries.Of(developments),
            Continuation = "eyJvIjo1MH0",
        };
    }

    private static EvaluationResults Evaluate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
    }

    private static string Errors(EvaluationResults results) =>
        string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    private static string Changed(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(DigestRenderer.ToJson(Realistic()))!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    private static JsonObject FirstDevelopment(JsonObject root) => root["developments"]![0]!.AsObject();

    [TestMethod]
    public void The_schema_is_copied_beside_the_assemblies_and_names_its_version()
    {
        Assert.IsTrue(File.Exists(SchemaPath), $"no schema at {SchemaPath}");
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));

        Assert.AreEqual("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
        Assert.AreEqual("https://monitor.example/schemas/digest.v2.schema.json", schema.RootElement.GetProperty("$id").GetString());
        Assert.AreEqual(Digest.SchemaVersion, schema.RootElement.GetProperty("properties").GetProperty("schemaVersion").GetProperty("const").GetInt32());
    }

    [TestMethod]
    public void The_schema_is_a_valid_draft_2020_12_schema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));

        var results = MetaSchemas.Draft202012.Evaluate(schema.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.IsTrue(results.IsValid, Errors(results));
    }

    [TestMethod]
    public void A_realistic_digest_validates()
    {
        var json = DigestRenderer.ToJson(Realistic());

        // The sample must hold what the schema describes, or validating it proves little.
        using (var document = JsonDocument.Parse(json))
        {
            var root = document.RootElement;
            var transfer = root.GetProperty("developments")[0];
            Assert.IsTrue(root.GetProperty("series").EnumerateArray().Any(s => s.GetProperty("points").GetArrayLength() > 0), "no series point");
            Assert.IsGreaterThan(0, transfer.GetProperty("figures").GetArrayLength());
            Assert.IsGreaterThan(0, transfer.GetProperty("disagreements").GetArrayLength());
            var articles = transfer.GetProperty("articles").EnumerateArray().ToList();
            Assert.IsTrue(articles.Any(a => a.GetProperty("url").ValueKind == JsonValueKind.Null), "no null url");
            Assert.IsTrue(articles.Any(a => a.GetProperty("title").ValueKind == JsonValueKind.Null), "no null title");
            Assert.IsTrue(articles.Any(a => a.GetProperty("story").ValueKind == JsonValueKind.Number), "no story");
            Assert.IsTrue(articles.Any(a => a.GetProperty("summary").ValueKind == JsonValueKind.Null), "no null summary");
        }

        var results = Evaluate(json);

        Assert.IsTrue(results.IsValid, Errors(results));
    }

    [TestMethod]
    public void An_empty_digest_with_no_optional_values_validates()
    {
        var digest = new Digest("detainee-transfers", Generated, Generated.AddDays(-1), Generated, []);

        var results = Evaluate(DigestRenderer.ToJson(digest));

        Assert.IsTrue(results.IsValid, Errors(results));
    }

    [TestMethod]
    public void An_unknown_property_does_not_validate()
    {
        Assert.IsFalse(Evaluate(Changed(root => root["extra"] = 1)).IsValid);
    }

    [TestMethod]
    public void An_unknown_property_of_an_article_does_not_validate()
    {
        Assert.IsFalse(Evaluate(Changed(root => FirstDevelopment(root)["articles"]![0]!.AsObject()["html"] = "<b>x</b>")).IsValid);
    }

    [TestMethod]
    public void Another_schema_version_does_not_validate()
    {
        Assert.IsFalse(Evaluate(Changed(root => root["schemaVersion"] = 3)).IsValid);
    }

    [TestMethod]
    public void A_missing_property_does_not_validate()
    {
        Assert.IsFalse(Evaluate(Changed(root => FirstDevelopment(root).Remove("importance"))).IsValid);
    }

    [TestMethod]
    public void An_unknown_qualifier_does_not_validate()
    {
        Assert.IsFalse(Evaluate(Changed(root => FirstDevelopment(root)["figures"]![0]!.AsObject()["qualifier"] = "roughly")).IsValid);
    }

    [TestMethod]
    public void A_time_that_is_not_a_date_time_does_not_validate()
    {
        Assert.IsFalse(Evaluate(Changed(root => root["generatedAt"] = "yesterday")).IsValid);
    }

    [TestMethod]
    public void Headlines_take_any_language_but_only_text()
    {
        Assert.IsTrue(Evaluate(Changed(root => FirstDevelopment(root)["headlines"]!.AsObject()["fr"] = "Transfert")).IsValid);
        Assert.IsFalse(Evaluate(Changed(root => FirstDevelopment(root)["headlines"]!.AsObject()["fr"] = 1)).IsValid);
    }
}
