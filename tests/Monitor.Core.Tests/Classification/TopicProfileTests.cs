using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitor.Core.Classification;

namespace Monitor.Core.Tests.Classification;

[TestClass]
public sealed class TopicProfileTests
{
    private const string Minimal = """
        {
          "id": "test-topic",
          "name": "A test topic",
          "threshold": 0.5,
          "terms": [
            { "role": "action", "weight": 1.5, "en": [ "transfer" ], "ar": [ "نقل*" ] },
            { "role": "subject", "weight": 1.5, "en": [ "detainees" ], "ar": [ "محتجز*" ] },
            { "role": "context", "weight": 1.0, "en": [ "ISIS" ] }
          ],
          "places": { "hasakah": [ "Hasakah", "الحسكة" ] }
        }
        """;

    [TestMethod]
    public void The_detainee_transfers_topic_loads_from_the_application_folder()
    {
        var topic = Topics.Catalog.Find(Topics.DetaineeTransfers);

        Assert.IsNotNull(topic);
        Assert.AreEqual(0.5, topic.Threshold);
        Assert.IsTrue(topic.TermGroups.Any(g => g.Role == TermRole.Action && g.Terms.Contains("نقل*")));
        Assert.IsTrue(topic.TermGroups.Any(g => g.Role == TermRole.Disqualifying && g.Terms.Contains("حزب الله")));
        CollectionAssert.IsSubsetOf(new[] { "hasakah", "al-hol", "roj", "baghdad", "hilla", "iraq", "syria" }, topic.Places.Keys.ToArray());
        CollectionAssert.IsSubsetOf(new[] { "centcom", "sdf", "iraqi-government", "syrian-government", "global-coalition", "us-government" }, topic.Actors.Keys.ToArray());
    }

    [TestMethod]
    public void A_minimal_topic_file_parses_with_defaults()
    {
        var topic = TopicProfile.Parse(Minimal, "test");

        Assert.AreEqual("test-topic", topic.Id);
        Assert.AreEqual(12, topic.Window);
        Assert.HasCount(3, topic.TermGroups);
        Assert.AreEqual("الحسكة", topic.Places["hasakah"][1]);
    }

    [TestMethod]
    [DataRow("\"id\": \"test-topic\"", "\"id\": \"Bad Id\"", "\"id\"")]
    [DataRow("\"threshold\": 0.5", "\"threshold\": 1.5", "\"threshold\"")]
    [DataRow("\"role\": \"action\"", "\"role\": \"subject\"", "at least one action group")]
    [DataRow("\"weight\": 1.0", "\"weight\": -1", "\"weight\"")]
    [DataRow("[ \"ISIS\" ]", "[ \"IS*IS\" ]", "IS*IS")]
    [DataRow("\"threshold\": 0.5", "\"threshold\": 0.3", "noPairCeiling")]
    public void A_topic_file_with_a_mistake_is_rejected_with_a_message_naming_it(string find, string replace, string expected)
    {
        var json = Minimal.Replace(find, replace, StringComparison.Ordinal);

        var error = Assert.ThrowsExactly<InvalidDataException>(() => TopicProfile.Parse(json, "test.json"));

        StringAssert.Contains(error.Message, "test.json");
        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void A_topic_file_that_is_not_json_is_rejected()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => TopicProfile.Parse("{ not json", "broken.json"));

        StringAssert.Contains(error.Message, "broken.json");
    }

    [TestMethod]
    public void A_missing_topic_file_is_reported_by_path()
    {
        var error = Assert.ThrowsExactly<InvalidDataException>(() => TopicProfile.Load("/nowhere/topic.json"));

        StringAssert.Contains(error.Message, "/nowhere/topic.json");
    }

    [TestMethod]
    public void The_catalog_rejects_two_topics_with_one_id()
    {
        var topic = TopicProfile.Parse(Minimal, "test");

        Assert.ThrowsExactly<InvalidDataException>(() => new TopicCatalog([topic, topic]));
    }

    [TestMethod]
    public void The_catalog_finds_topics_by_id_only()
    {
        var catalog = new TopicCatalog([TopicProfile.Parse(Minimal, "test")]);

        Assert.IsNotNull(catalog.Find("test-topic"));
        Assert.IsNull(catalog.Find("other"));
    }

    [TestMethod]
    public void A_topics_folder_without_topic_files_is_an_error()
    {
        var folder = Directory.CreateTempSubdirectory("topics-");
        try
        {
            var error = Assert.ThrowsExactly<InvalidDataException>(() => TopicCatalog.LoadFolder(folder.FullName));

            StringAssert.Contains(error.Message, folder.FullName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void A_classifier_works_with_any_topic_file()
    {
        var classifier = new ArticleClassifier(new TopicCatalog([TopicProfile.Parse(Minimal, "test")]));

        var result = classifier.Classify("ISIS", "They transfer detainees from Hasakah.");

        var score = result.Topics.Single();
        Assert.AreEqual("test-topic", score.Topic);
        Assert.IsTrue(score.Relevant, $"scored {score.Score}");
        CollectionAssert.AreEqual(new[] { "hasakah" }, result.Facts.Places.ToArray());
    }

    [TestMethod]
    public void The_options_resolve_a_relative_folder_from_the_application_folder()
    {
        var options = new ClassificationOptions { TopicsPath = "topics-here" };

        Assert.AreEqual(Path.Combine(AppContext.BaseDirectory, "topics-here"), options.ResolveTopicsPath());
        Assert.AreEqual("/abs/topics", new ClassificationOptions { TopicsPath = "/abs/topics" }.ResolveTopicsPath());
    }

    [TestMethod]
    public void The_services_give_a_classifier_from_configuration()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddClassification();
        using var provider = services.BuildServiceProvider();

        var classifier = provider.GetRequiredService<ArticleClassifier>();

        Assert.IsTrue(classifier.Classify(null, TestData.Seed(1)).Topics.Single().Relevant);
        Assert.AreSame(provider.GetRequiredService<TopicCatalog>(), provider.GetRequiredService<TopicCatalog>());
    }

    [TestMethod]
    public void The_services_reject_a_topics_folder_that_does_not_exist()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Classification:TopicsPath"] = "/no/such/folder" })
            .Build());
        services.AddClassification();
        using var provider = services.BuildServiceProvider();

        var error = Assert.ThrowsExactly<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ClassificationOptions>>().Value);

        StringAssert.Contains(error.Message, "TopicsPath");
    }
}
