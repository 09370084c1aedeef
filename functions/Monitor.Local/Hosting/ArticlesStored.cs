namespace Monitor.Local.Hosting;

/// <summary>Tells who listens that an incoming blob has been stored as an article (the delivery loop wakes up).</summary>
public sealed class ArticlesStored
{
    public event Action? Stored;

    public void Raise() => Stored?.Invoke();
}
