using System.Net.Sockets;

namespace Monitor.Core.Tests;

[TestClass]
public sealed class FailureTextTests
{
    [TestMethod]
    public void A_storage_answer_is_its_status_code_and_first_line_without_the_request_dump()
    {
        var answer = new Azure.RequestFailedException(403, "Server failed to authenticate the request.\nRequestId:abc\nTime:2026\nStatus: 403\nHeaders:\nServer: Azurite-Blob/3.37.0", "AuthorizationFailure", null);

        Assert.AreEqual("403 AuthorizationFailure: Server failed to authenticate the request.", FailureText.Of(answer));
    }

    [TestMethod]
    public void A_refused_connection_after_the_SDK_retries_is_connection_refused()
    {
        var refused = new HttpRequestException("Connection refused (127.0.0.1:10000)", new SocketException((int)SocketError.ConnectionRefused));
        var retried = new AggregateException("Retry failed after 4 tries.", Enumerable.Repeat(new Azure.RequestFailedException(0, refused.Message, refused), 4));

        Assert.AreEqual("connection refused", FailureText.Of(retried));
    }

    [TestMethod]
    public void A_long_message_is_one_line_of_at_most_300_characters()
    {
        var text = FailureText.Of(new InvalidOperationException(new string('x', 1000) + "\nsecond line"));

        Assert.AreEqual(FailureText.MaxLength, text.Length);
        Assert.DoesNotContain("\n", text);
        Assert.EndsWith("…", text);
    }
}
