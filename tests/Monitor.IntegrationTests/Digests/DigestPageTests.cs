using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Monitor.Core.Developments;
using Monitor.Core.Feeds;
using Monitor.IntegrationTests.Infrastructure;
using Monitor.Local.Hosting;

namespace Monitor.IntegrationTests.Digests;

/// <summary>
/// The HTML digest in a real headless Chromium (Debian's <c>chromium</c>, driven by Playwright), served
/// by the local host over a real Azurite: what a reader sees, with a screenshot kept as a test result.
/// </summary>
[TestClass]
public sealed class DigestPageTests
{
    private const string Topic = "detainee-transfers";
    private static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddDays(-3).Date;

    public TestContext TestContext { get; set; } = null!;

    private static DevelopmentArticle Article(string id, int hours, string language, string type, string title, string summary, long amount, string qualifier = "exact") =>
        new(id, title, "https://example.test/" + id, "src-" + id, language == "ar" ? "شفق نيوز" : "Wire " + id, language, Day.AddHours(hours), 0.9)
        {
            Type = type,
            Figures = [new StatedFigure(amount, qualifier, "detainees", amount + " detainees")],
            Places = ["hasakah"],
            Actors = ["centcom"],
            Summary = summary,
            Signature = TextSignature.Of(title + summary),
        };

    [TestMethod]
    public async Task The_html_digest_shows_the_developments_arabic_right_to_left_a_chart_and_feed_markup_as_text()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var host = await InProcessHost.StartAsync(azurite, [], new Dictionary<string, string?> { ["LocalHost:PollEnabled"] = "false" });
        var store = host.Services.GetRequiredService<DevelopmentStore>();
        await store.AddAsync(Topic, Article("ar1", 0, "ar", "transfer", "نقل 150 محتجزاً من الحسكة إلى العراق", "نقلت القوات الأمريكية 150 محتجزاً من سجون الحسكة إلى العراق.", 150), CancellationToken.None);
        await store.AddAsync(Topic, Article("en1", 2, "en", "transfer", "US moves 150 ISIS detainees from Hasakah to Iraq", "The US military moved 150 detainees to Iraq.", 150), CancellationToken.None);
        await store.AddAsync(Topic, Article("en2", 30, "en", "plan_or_agreement", "Up to 7,000 more detainees to follow", "Officials said up to 7,000 could follow.", 7000, "up_to"), CancellationToken.None);
        await store.AddAsync(Topic, Article("x1", 50, "en", "statement", "<script>window.hacked=1</script> Iraq received 2,250", "Iraq received 2,250 detainees.", 2250), CancellationToken.None);

        await using var browser = await BrowserAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var response = await page.GotoAsync(new Uri(host.Client.BaseAddress!, $"/api/digest?topic={Topic}&since=7d&format=html").ToString());

        Assert.AreEqual(200, response!.Status);
        Assert.AreEqual(3, await page.Locator("li.development").CountAsync());

        var arabic = page.Locator("li.development h2[lang=ar]").First;
        Assert.AreEqual("rtl", await arabic.EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        Assert.AreEqual("ltr", await page.Locator("li.development h2[lang=en]").First.EvaluateAsync<string>("e => getComputedStyle(e).direction"));

        var chart = page.Locator("svg#figures-chart");
        Assert.IsTrue(await chart.IsVisibleAsync());
        Assert.IsGreaterThanOrEqualTo(1, await chart.Locator("polyline").CountAsync());
        Assert.AreEqual(2, await chart.Locator("circle").CountAsync(), "150 (reported twice that day: one point) and up to 7,000");

        var titles = await page.Locator("li.development h2").AllTextContentsAsync();
        Assert.IsTrue(titles.Any(t => t.Contains("<script>window.hacked=1</script>", StringComparison.Ordinal)), string.Join(" | ", titles));
        Assert.IsNull(await page.EvaluateAsync<int?>("() => window.hacked ?? null"), "the feed's script did not run");
        Assert.AreEqual(0, await page.Locator("li.development script").CountAsync());

        var fits = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1");
        Assert.IsTrue(fits, "no sideways scrolling on a phone-sized screen");

        var screenshot = Path.Combine(TestContext.TestResultsDirectory ?? Path.GetTempPath(), "digest.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        TestContext.AddResultFile(screenshot);
        Assert.IsGreaterThan(10_000, new FileInfo(screenshot).Length);
    }

    /// <summary>
    /// The seed articles as their outlets' feeds carry them (the demo feeds), polled, processed and grouped
    /// by the local host; every development's headline then read in Chromium with hl=en and with hl=ar.
    /// </summary>
    [TestMethod]
    public async Task With_hl_every_development_of_the_seeds_is_headed_in_the_readers_language_in_chromium()
    {
        await using var azurite = await TestAzurite.StartAsync();
        await using var demo = await DemoFeeds.StartAsync(CancellationToken.None);
        await using var host = await InProcessHost.StartAsync(azurite, demo.Sources);
        var developments = await SettledAsync(host, $"/api/digest?topic={Topic}&since=3650d&limit=500");
        Assert.IsTrue(developments.Any(d => d.Sources.Contains("demo-news-en") && d.Sources.Contains("demo-news-ar")), "seeds 000 and 001 are one development");
        Assert.IsTrue(developments.Any(d => d.Languages.SequenceEqual(["ar"])), "a development reported in Arabic only");

        await using var browser = await BrowserAsync();
        foreach (var (hl, direction) in new[] { ("en", "ltr"), ("ar", "rtl") })
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            var response = await page.GotoAsync(new Uri(host.Client.BaseAddress!, $"/api/digest?topic={Topic}&since=3650d&limit=500&format=html&hl={hl}").ToString());
            Assert.AreEqual(200, response!.Status);

            var headlines = page.Locator("li.development h2");
            Assert.AreEqual(developments.Count, await headlines.CountAsync(), "hl filters nothing");
            for (var i = 0; i < developments.Count; i++)
            {
                var headline = headlines.Nth(i);
                var text = await headline.TextContentAsync() ?? "";
                Assert.AreEqual(hl, await headline.GetAttributeAsync("lang"), text);
                Assert.AreEqual(direction, await headline.EvaluateAsync<string>("e => getComputedStyle(e).direction"), text);
                var arabic = text.Count(c => c is >= '\u0600' and <= '\u06FF' && char.IsLetter(c));
                var latin = text.Count(char.IsAsciiLetter);
                Assert.IsTrue(hl == "en" ? arabic == 0 && latin > 0 : arabic > latin, $"{hl}: {text}");
            }

            var generated = page.Locator("li.development h2.generated-headline");
            Assert.IsGreaterThanOrEqualTo(hl == "en" ? 1 : 0, await generated.CountAsync(), "an Arabic-only development is headed by its English fact line");
            Assert.AreEqual(await generated.CountAsync(), await page.Locator("li.development h2.generated-headline + p.generated").CountAsync(), "each fact line says it was generated");
            Assert.IsTrue(await page.Locator("li.development h2:not(.generated-headline)").CountAsync() >= 1, "a real title where one exists");

            var screenshot = Path.Combine(TestContext.TestResultsDirectory ?? Path.GetTempPath(), $"digest-hl-{hl}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            TestContext.AddResultFile(screenshot);
            TestContext.WriteLine($"Screenshot of the seeds' digest with hl={hl}: {screenshot}");
            Assert.IsGreaterThan(10_000, new FileInfo(screenshot).Length);
        }
    }

    /// <summary>
    /// The page as an analyst uses it with scripts turned off: the filters' links, the form, a
    /// permalink, the figures' table beside the chart, and the feeds' status page it links to.
    /// </summary>
    [TestMethod]
    public async Task The_page_filters_by_its_links_and_its_form_without_script_and_leads_to_the_feeds_status()
    {
        await using var azurite = await TestAzurite.StartAsync();
        var source = new FeedSource { Id = "wire-en", Name = "Wire (English)", Url = new Uri("http://127.0.0.1:9/feed.xml"), Language = "en", Outlet = "Wire" };
        await using var host = await InProcessHost.StartAsync(azurite, [source], new Dictionary<string, string?> { ["LocalHost:PollEnabled"] = "false" });
        var store = host.Services.GetRequiredService<DevelopmentStore>();
        await store.AddAsync(Topic, Article("ar1", 0, "ar", "transfer", "نقل 150 محتجزاً من الحسكة إلى العراق", "نقلت القوات الأمريكية 150 محتجزاً من سجون الحسكة إلى العراق.", 150), CancellationToken.None);
        await store.AddAsync(Topic, Article("en2", 30, "en", "plan_or_agreement", "Up to 7,000 more detainees to follow", "Officials said up to 7,000 could follow.", 7000, "up_to"), CancellationToken.None);

        await using var browser = await BrowserAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(host.Client.BaseAddress!, $"/api/digest?topic={Topic}&since=7d&format=html").ToString());

        var chart = await page.Locator("svg#figures-chart").BoundingBoxAsync();
        var table = await page.Locator("table#figures-table").BoundingBoxAsync();
        Assert.IsTrue(table!.X >= chart!.X + chart.Width - 1, $"the table beside the chart: chart {chart.X}+{chart.Width}, table {table.X}");
        Assert.AreEqual(2, await page.Locator("table#figures-table tbody tr").CountAsync());

        await page.Locator(".filter-hl a", new PageLocatorOptions { HasTextString = "English" }).ClickAsync();
        StringAssert.Contains(page.Url, "hl=en");
        Assert.AreEqual("en", await page.Locator("li.development h2").First.GetAttributeAsync("lang"));
        Assert.AreEqual(2, await page.Locator("li.development").CountAsync());

        await page.SelectOptionAsync("form.filter-form select[name=type]", "transfer");
        await page.Locator("form.filter-form button[type=submit]").ClickAsync();
        StringAssert.Contains(page.Url, "type=transfer");
        StringAssert.Contains(page.Url, "hl=en", "the form keeps the reader's language");
        Assert.AreEqual(1, await page.Locator("li.development").CountAsync());
        Assert.AreEqual("transfer", await page.Locator("li.development").GetAttributeAsync("data-type"));

        var permalink = page.Locator("li.development a.permalink");
        await permalink.ClickAsync();
        Assert.AreEqual("#" + await page.Locator("li.development").GetAttributeAsync("id"), new Uri(page.Url).Fragment);

        await page.Locator("a.sources-link").ClickAsync();
        StringAssert.Contains(page.Url, "/api/sources?format=html");
        Assert.AreEqual("Feeds — status", await page.TitleAsync());
        var row = page.Locator("table#sources tbody tr");
        Assert.AreEqual(1, await row.CountAsync());
        StringAssert.Contains(await row.TextContentAsync(), "not polled yet");
        var screenshot = Path.Combine(TestContext.TestResultsDirectory ?? Path.GetTempPath(), "sources.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        TestContext.AddResultFile(screenshot);
    }

    /// <summary>The digest's developments once polling and grouping have settled: the same twice, 3 s apart.</summary>
    private static async Task<List<(string Id, string[] Sources, string[] Languages, int Articles)>> SettledAsync(InProcessHost host, string path)
    {
        List<(string Id, string[] Sources, string[] Languages, int Articles)> last = [];
        var settled = false;
        await Eventually.TrueAsync(async () =>
        {
            var json = JsonDocument.Parse(await host.Client.GetStringAsync(path)).RootElement;
            var now = json.GetProperty("developments").EnumerateArray()
                .Select(d => (d.GetProperty("id").GetString()!, Strings(d, "sources"), Strings(d, "languages"), d.GetProperty("articles").GetArrayLength()))
                .OrderBy(d => d.Item1, StringComparer.Ordinal)
                .ToList();
            var same = now.Count > 0 && now.Count == last.Count && now.Zip(last).All(p => p.First.Item1 == p.Second.Item1 && p.First.Item4 == p.Second.Item4);
            var complete = now.Any(d => d.Item2.Contains("demo-news-en")) && now.Any(d => d.Item2.Contains("demo-shafaq-ar")) && now.Any(d => d.Item2.Contains("demo-aawsat-ar"));
            last = now;
            settled = same && complete;
            if (!settled)
            {
                await Task.Delay(3000);
            }

            return settled;
        }, TimeSpan.FromSeconds(120), "the demo feeds polled, processed and grouped");
        return last;

        static string[] Strings(JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>
    /// Debian's Chromium, headless. Missing, the test fails and says how to install it: it never skips.
    /// </summary>
    private static async Task<BrowserSession> BrowserAsync()
    {
        var executable = Environment.GetEnvironmentVariable("MONITOR_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            Assert.Fail($"Chromium was not found at {executable}. Install Debian's package (apt-get install chromium) or set MONITOR_CHROMIUM to a Chromium executable.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>Playwright and its browser (with its own fresh profile), closed together.</summary>
    private sealed class BrowserSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
    {
        public Task<IPage> NewPageAsync(BrowserNewPageOptions options) => browser.NewPageAsync(options);

        public async ValueTask DisposeAsync()
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
