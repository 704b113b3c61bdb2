using System.Globalization;
using System.Net.Sockets;
using System.Text;

#pragma warning disable CA1050 // The runtime looks for a type named StartupHook in no namespace.

/// <summary>
/// Loaded into a server the bench starts (<c>DOTNET_STARTUP_HOOKS</c>): on the Unix socket named by
/// <c>IOC_BENCH_PROBE</c>, answers "gc" with the managed heap after a full collection, "reset" by starting a window,
/// and "stats" with the window's GC pauses and thread-pool queue delay: every 20 ms a work item is queued and the time
/// until it starts is recorded, which is how long any request's next step waits for a thread at that moment.
/// </summary>
internal static class StartupHook
{
    private static readonly Lock Gate = new();
    private static List<double> _delays = [];
    private static TimeSpan _pauseAtReset;
    private static int[] _collectionsAtReset = new int[3];

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("IOC_BENCH_PROBE") is not { Length: > 0 } path)
        {
            return;
        }

        var thread = new Thread(() => Serve(path)) { IsBackground = true, Name = "bench probe" };
        thread.Start();
        var sampler = new Thread(Sample) { IsBackground = true, Name = "bench queue sampler" };
        sampler.Start();
    }

    private static void Sample()
    {
        while (true)
        {
            var queued = System.Diagnostics.Stopwatch.GetTimestamp();
            ThreadPool.UnsafeQueueUserWorkItem(
                static stamp =>
                {
                    var waited = System.Diagnostics.Stopwatch.GetElapsedTime(stamp).TotalMilliseconds;
                    lock (Gate)
                    {
                        _delays.Add(waited);
                    }
                },
                queued,
                preferLocal: false);
            Thread.Sleep(20);
        }
    }

    private static string Stats()
    {
        List<double> delays;
        lock (Gate)
        {
            delays = [.. _delays];
        }

        delays.Sort();
        double At(double q) => delays.Count == 0 ? 0 : delays[Math.Min(delays.Count - 1, (int)(delays.Count * q))];
        var pause = (GC.GetTotalPauseDuration() - _pauseAtReset).TotalMilliseconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"{pause:0.0} {GC.CollectionCount(0) - _collectionsAtReset[0]} {GC.CollectionCount(1) - _collectionsAtReset[1]} {GC.CollectionCount(2) - _collectionsAtReset[2]} {At(0.5):0.0} {At(0.99):0.0} {(delays.Count == 0 ? 0 : delays[^1]):0.0} {delays.Count}");
    }

    private static void Reset()
    {
        lock (Gate)
        {
            _delays = [];
        }

        _pauseAtReset = GC.GetTotalPauseDuration();
        _collectionsAtReset = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    }

    private static void Serve(string path)
    {
        File.Delete(path);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        var buffer = new byte[64];
        while (true)
        {
            using var client = listener.Accept();
            var command = Encoding.ASCII.GetString(buffer, 0, client.Receive(buffer)).Trim();
            if (command == "reset")
            {
                Reset();
                client.Send("ok\n"u8.ToArray());
                continue;
            }

            if (command == "stats")
            {
                client.Send(Encoding.ASCII.GetBytes(Stats() + "\n"));
                continue;
            }

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            client.Send(Encoding.ASCII.GetBytes(GC.GetTotalMemory(false).ToString(CultureInfo.InvariantCulture) + "\n"));
        }
    }
}
