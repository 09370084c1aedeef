using Monitor.Core.Feeds;

namespace Monitor.Core.Tests.Feeds;

[TestClass]
public sealed class BotWallTests
{
    [TestMethod]
    public void Cloudflare_just_a_moment_page_is_a_bot_wall()
    {
        Assert.IsTrue(BotWall.IsChallenge(TestData.Text("feeds", "botwall-cloudflare.html")));
    }

    [TestMethod]
    [DataRow("<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>")]
    [DataRow("<html><head><title>Security check</title></head><body><div class=\"g-recaptcha\" data-sitekey=\"x\"></div></body></html>")]
    [DataRow("<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>You don't have permission to access this server.</BODY></HTML>")]
    [DataRow("<html><body><script src=\"/cdn-cgi/challenge-platform/scripts/jsd/main.js\"></script></body></html>")]
    [DataRow("<html><head></head><body><form id=\"challenge-form\" action=\"/?__cf_chl_f_tk=abc\"></form></body></html>")]
    public void Challenge_markers_in_an_html_page_make_a_bot_wall(string page)
    {
        Assert.IsTrue(BotWall.IsChallenge(page));
    }

    [TestMethod]
    public void Ordinary_html_page_is_not_a_bot_wall()
    {
        Assert.IsFalse(BotWall.IsChallenge(TestData.Text("feeds", "html-page.html")));
    }

    [TestMethod]
    [DataRow("<rss version=\"2.0\"><channel><item><title>Hackers bypass captcha; access denied to officials</title></item></channel></rss>")]
    [DataRow("Access denied")]
    [DataRow("")]
    [DataRow(null)]
    public void Text_that_is_not_an_html_page_is_not_a_bot_wall(string? text)
    {
        Assert.IsFalse(BotWall.IsChallenge(text));
    }
}
