using Monitor.Core.Feeds;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class SourceCatalogTests
{
    [TestMethod]
    public void FetchPages_in_the_sources_file_turns_page_fetching_on_for_that_source_only()
    {
        var sources = SourceCatalog.Parse(
            """
            { "sources": [
              { "id": "pages", "url": "https://outlet.example/rss", "language": "en", "fetchPages": true },
              { "id": "summaries", "url": "https://outlet.example/other", "language": "en" }
            ] }
            """,
            "test");

        Assert.IsTrue(sources.Single(s => s.Id == "pages").FetchPages);
        Assert.IsFalse(sources.Single(s => s.Id == "summaries").FetchPages);
    }
}
