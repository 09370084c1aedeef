using System.Text;
using Monitor.Core.Developments;
using Monitor.Core.Digests;

namespace Monitor.Core.Tests.Digests;

[TestClass]
public sealed class DigestCsvTests
{
    private static readonly DateTimeOffset Day = new(2026, 1, 23, 8, 0, 0, TimeSpan.Zero);

    public TestContext TestContext { get; set; } = null!;

    private const string Tricky = "Iraq, Syria: \"first batch\" of 150 moved";
    private const string Arabic = "نقل 150 معتقلاً من الحسكة إلى العراق";
    private const string Formula = "=HYPERLINK(\"http://evil.example\",\"click\")";

    private static DevelopmentArticle Article(string id, string? title, string language, int hours, long amount) =>
        new(id, title, "https://example.test/" + id, "src-" + id, "Outlet, " + id, language, Day.AddHours(hours), 0.9)
        {
            Type = "transfer",
            Figures = [new StatedFigure(amount, "exact", "detainees", amount + " detainees")],
            Places = ["hasakah", "iraq"],
            Actors = ["centcom"],
        };

    private static Digest Sample() =>
        DigestAssembler.Assemble(
            "detainee-transfers",
            "Transfers",
            [
                DevelopmentBuilder.Build("d1", [Article("a1", Arabic, "ar", 0, 150), Article("e1", Tricky, "en", 2, 150), Article("p1", null, "en", 3, 150) with { Story = 2 }]),
                DevelopmentBuilder.Build("d2", [Article("x1", Formula, "ar", 30, 2250)]),
            ],
            new DigestQuery("detainee-transfers", Day.AddDays(-1), Day.AddDays(3), DigestFormat.Csv) { Filters = DigestFilters.None with { ReaderLanguage = "en" } },
            Day.AddDays(3),
            Classification.Topics.Catalog.Find(Classification.Topics.DetaineeTransfers)!.FactLines);

    private string Written(string csv)
    {
        var path = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), $"digest-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, csv, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    [TestMethod]
    public async Task The_digest_as_csv_opens_in_pythons_csv_module_with_a_header_and_one_row_per_article()
    {
        var path = Written(DigestCsv.ToCsv(Sample()));

        var rows = await PythonCsv.RowsAsync(path);

        Assert.HasCount(1 + 4, rows, "a header and the four articles");
        CollectionAssert.AreEqual(DigestCsv.Columns.ToArray(), rows[0]);
        Assert.IsTrue(rows.All(r => r.Length == DigestCsv.Columns.Count), "every row has every column");
        string Cell(int row, string column) => rows[row][DigestCsv.Columns.ToList().IndexOf(column)];
        var titles = Enumerable.Range(1, 4).Select(r => Cell(r, "title")).ToList();
        CollectionAssert.Contains(titles, Tricky);
        CollectionAssert.Contains(titles, Arabic);
        CollectionAssert.Contains(titles, "'" + Formula);
        CollectionAssert.Contains(titles, "");
        Assert.AreEqual("Outlet, e1", Cell(titles.IndexOf(Tricky) + 1, "source_name"));
        Assert.AreEqual("150 detainees (150 detainees)", Cell(titles.IndexOf(Tricky) + 1, "article_figures"));
        Assert.AreEqual("2", Cell(titles.IndexOf("") + 1, "story"));
        CollectionAssert.AreEquivalent(new[] { "d1", "d1", "d1", "d2" }, Enumerable.Range(1, 4).Select(r => Cell(r, "development_id")).ToArray());
    }

    [TestMethod]
    public void It_starts_with_a_byte_order_mark_ends_each_record_with_crlf_and_quotes_as_rfc_4180_says()
    {
        var csv = DigestCsv.ToCsv(Sample());

        Assert.AreEqual(DigestCsv.ByteOrderMark, csv[0]);
        Assert.AreEqual("text/csv; charset=utf-8; header=present", DigestCsv.ContentType);
        Assert.IsTrue(csv.EndsWith("\r\n", StringComparison.Ordinal));
        Assert.AreEqual(5, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.AreEqual("plain", DigestCsv.Field("plain"));
        Assert.AreEqual("\"a,b\"", DigestCsv.Field("a,b"));
        Assert.AreEqual("\"say \"\"hi\"\"\"", DigestCsv.Field("say \"hi\""));
        Assert.AreEqual("\"two\nlines\"", DigestCsv.Field("two\nlines"));
        StringAssert.Contains(csv, "\"Iraq, Syria: \"\"first batch\"\" of 150 moved\"");
    }

    [TestMethod]
    [DataRow("=1+1")]
    [DataRow("+1")]
    [DataRow("-1")]
    [DataRow("@SUM(A1)")]
    public void Feed_text_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(string text)
    {
        Assert.AreEqual("'" + text, DigestCsv.Text(text));
        Assert.AreEqual("Iraq " + text, DigestCsv.Text("Iraq " + text));
    }

    [TestMethod]
    public void The_headline_column_is_in_the_readers_language_and_says_when_it_is_generated()
    {
        var lines = DigestCsv.ToCsv(Sample()).Split("\r\n");

        var arabicOnly = lines.Single(l => l.StartsWith("d2,", StringComparison.Ordinal));
        StringAssert.StartsWith(arabicOnly, "d2,\"Transfer of 2,250 detainees from Hasakah to Iraq — CENTCOM\",true,transfer,");
        var bilingual = lines.First(l => l.StartsWith("d1,", StringComparison.Ordinal));
        StringAssert.StartsWith(bilingual, "d1,\"Iraq, Syria: \"\"first batch\"\" of 150 moved\",false,transfer,");
    }
}
