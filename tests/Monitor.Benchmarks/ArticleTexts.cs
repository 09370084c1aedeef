using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.Benchmarks;

/// <summary>One article body the bench feeds to the pipeline: a title and HTML paragraphs.</summary>
internal sealed record ArticleText(string Title, string Html, string Language);

/// <summary>
/// The texts incoming items are made of: the seed articles (real news, Arabic and English) when
/// they can be found, otherwise generated paragraphs of the same story in both languages.
/// </summary>
internal sealed partial class ArticleTexts
{
    private ArticleTexts(IReadOnlyList<ArticleText> texts, string origin)
    {
        Texts = texts;
        Origin = origin;
    }

    public IReadOnlyList<ArticleText> Texts { get; }

    /// <summary>Where the texts came from, for the machine line under the table.</summary>
    public string Origin { get; }

    public int AverageBytes => (int)Texts.Average(t => Encoding.UTF8.GetByteCount(t.Html));

    /// <summary>
    /// Reads the seeds from <paramref name="folder"/> (which must then exist), or from the repository's
    /// test data found above the executable or the current folder; generates texts when there are none.
    /// </summary>
    public static ArticleTexts Load(string? folder)
    {
        if (folder is not null)
        {
            if (!Directory.Exists(folder))
            {
                throw new BenchFailedException($"seeds folder not found: {folder}");
            }

            var given = FromFolder(folder);
            return given.Count > 0
                ? new ArticleTexts(given, $"{given.Count} seed articles from {folder}")
                : throw new BenchFailedException($"no .txt seed files in {folder}");
        }

        var found = FindRepositorySeeds();
        if (found is not null)
        {
            var seeds = FromFolder(found);
            if (seeds.Count > 0)
            {
                return new ArticleTexts(seeds, $"{seeds.Count} seed articles");
            }
        }

        Progress.Say($"Seed articles not found; using generated English and Arabic paragraphs (pass --seeds DIR to use real texts).");
        var generated = Generate();
        return new ArticleTexts(generated, $"{generated.Count} generated articles");
    }

    /// <summary>The repository's seed folder, looked for above the executable and the current folder.</summary>
    public static string? FindRepositorySeeds()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "Monitor.Core.Tests", "testdata", "seeds");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static List<ArticleText> FromFolder(string folder) =>
        [.. Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal).Select(path => FromPlainText(File.ReadAllText(path)))];

    /// <summary>Each non-empty line becomes a paragraph; the first one, without its date stamp, the title.</summary>
    private static ArticleText FromPlainText(string text)
    {
        var lines = text.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .ToList();
        if (lines.Count > 0)
        {
            lines[0] = DateStamp().Replace(lines[0], "");
        }

        var title = lines.Count == 0 ? "" : lines[0].Length <= 120 ? lines[0] : lines[0][..120];
        var html = new StringBuilder();
        foreach (var line in lines)
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(line)).Append("</p>");
        }

        return new ArticleText(title, html.ToString(), LanguageOf(text));
    }

    /// <summary>The feed's declared language: Arabic when most letters are Arabic.</summary>
    private static string LanguageOf(string text)
    {
        var letters = text.Count(char.IsLetter);
        var arabic = text.Count(c => c is >= '\u0600' and <= '\u06FF');
        return letters > 0 && arabic * 2 >= letters ? "ar" : "en";
    }

    private static List<ArticleText> Generate()
    {
        string[] english =
        [
            "The U.S. military transferred {0} ISIS detainees from prisons in Hasakah, north-east Syria, to Iraqi custody.",
            "Officials said up to 7,000 more detainees may follow, as Iraq prepares fortified facilities to hold them.",
            "Families from the al-Hol and Roj camps are also being repatriated, the Global Coalition said in a statement.",
            "Baghdad received a first group of {0} suspects on day {1}, according to security sources.",
        ];
        string[] arabic =
        [
            "نقل الجيش الأمريكي {0} من معتقلي تنظيم داعش من سجون الحسكة في شمال شرق سوريا إلى العراق.",
            "وقال مسؤولون إن نحو 7 آلاف معتقل قد يتبعونهم، فيما يجهز العراق منشآت محصنة لاحتجازهم.",
            "كما تجري إعادة عائلات من مخيمي الهول وروج، بحسب بيان التحالف الدولي.",
            "وتسلمت بغداد دفعة أولى من {0} مشتبهاً بهم في اليوم {1}، وفق مصادر أمنية.",
        ];
        var texts = new List<ArticleText>();
        for (var i = 0; i < 6; i++)
        {
            var (sentences, language) = i % 2 == 0 ? (english, "en") : (arabic, "ar");
            var paragraphs = Enumerable.Range(0, 12)
                .Select(p => string.Format(System.Globalization.CultureInfo.InvariantCulture, sentences[(p + i) % sentences.Length], 100 + (i * 10) + p, i + 1))
                .ToList();
            var html = string.Concat(paragraphs.Select(p => "<p>" + WebUtility.HtmlEncode(p) + "</p>"));
            texts.Add(new ArticleText(paragraphs[0], html, language));
        }

        return texts;
    }

    [GeneratedRegex(@"^date \d{4}-\d{2}-\d{2}\s*")]
    private static partial Regex DateStamp();
}
