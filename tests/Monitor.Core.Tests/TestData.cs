namespace Monitor.Core.Tests;

/// <summary>Files under testdata/, copied beside the test assembly.</summary>
internal static class TestData
{
    public static string PathOf(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "testdata", .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(PathOf(parts));

    public static string Text(params string[] parts) => File.ReadAllText(PathOf(parts));

    /// <summary>A seed article by its number, e.g. Seed(0) for 000_*.txt.</summary>
    public static string Seed(int number)
    {
        var file = Directory.GetFiles(PathOf("seeds"), $"{number:D3}_*.txt").Single();
        return File.ReadAllText(file);
    }
}
