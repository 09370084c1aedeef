using Monitor.Local;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return await CommandLine.RunAsync(args, stop.Token);
