namespace Monitor.Local.Hosting;

/// <summary>Tells who listens that a grouping turn changed developments (the delivery loop wakes up).</summary>
public sealed class DevelopmentsChanged
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}
