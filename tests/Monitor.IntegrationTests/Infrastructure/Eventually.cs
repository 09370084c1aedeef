namespace Monitor.IntegrationTests.Infrastructure;

/// <summary>Waits for a condition that a background host makes true; fails with a message at the deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string? because = null)
    {
        var deadline = DateTime.UtcNow + within;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is not AssertFailedException)
            {
                last = e;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Condition not met within {within}{(because is null ? "" : $": {because}")}{(last is null ? "" : $" (last error: {last.Message})")}");
    }
}
