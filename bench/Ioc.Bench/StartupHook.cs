using System.Globalization;
using System.Net.Sockets;
using System.Text;

#pragma warning disable CA1050 // The runtime looks for a type named StartupHook in no namespace.

/// <summary>
/// Loaded into a server the bench starts (<c>DOTNET_STARTUP_HOOKS</c>): answers "gc" on the Unix socket named by
/// <c>IOC_BENCH_PROBE</c> with the managed heap after a full collection. Nothing runs unless the bench asks.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable("IOC_BENCH_PROBE") is not { Length: > 0 } path)
        {
            return;
        }

        var thread = new Thread(() => Serve(path)) { IsBackground = true, Name = "bench probe" };
        thread.Start();
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
            _ = client.Receive(buffer);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            client.Send(Encoding.ASCII.GetBytes(GC.GetTotalMemory(false).ToString(CultureInfo.InvariantCulture) + "\n"));
        }
    }
}
