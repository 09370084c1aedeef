namespace Monitor.Local.Hosting;

/// <summary>
/// Lets a background loop sleep until its next interval or until someone asks it to run now;
/// several asks before it runs make one run.
/// </summary>
public sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    /// <summary>Asks for a run now.</summary>
    public void Set()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // A run is already asked for.
        }
    }

    /// <summary>Waits until asked or until <paramref name="timeout"/> has passed.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);

    public void Dispose() => signal.Dispose();
}
