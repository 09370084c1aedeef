using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Monitor.Core.Developments;
using Monitor.IntegrationTests.Infrastructure;

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
