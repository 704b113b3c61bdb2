using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Ioc.Bench;

/// <summary>
/// Reads a server process from outside, the same way for Ioc and for the bare hub: CPU time and resident memory from
/// /proc, and the managed heap after a full blocking collection through a Unix socket that <see cref="StartupHook"/>
/// opens inside the server (the bench sets <c>DOTNET_STARTUP_HOOKS</c> to its own assembly when it starts one).
/// </summary>
internal sealed class ServerProbe(int pid, string socketPath)
{
    public const string SocketVariable = "IOC_BENCH_PROBE";

    public string SocketPath { get; } = socketPath;

    /// <summary>User plus system CPU time of the process so far.</summary>
    public TimeSpan CpuTime() => CpuTimeOf(pid);

    /// <summary>User plus system CPU time so far of any process, e.g. a Redis the servers share.</summary>
    public static TimeSpan CpuTimeOf(int pid)
    {
        // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses, in clock ticks (100 a second).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>Resident set size (VmRSS) in bytes.</summary>
    public long WorkingSet()
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Managed heap in bytes after a full, blocking, compacting collection inside the server.</summary>
    public async Task<long> HeapAfterCollectionAsync()
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await socket.SendAsync("gc\n"u8.ToArray());
        var buffer = new byte[64];
        var read = await socket.ReceiveAsync(buffer);
        return long.Parse(Encoding.ASCII.GetString(buffer, 0, read).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Starts a window for <see cref="WindowAsync"/>.</summary>
    public Task StartWindowAsync() => AskAsync("reset");

    /// <summary>GC pauses and thread-pool queue delay inside the server since <see cref="StartWindowAsync"/>.</summary>
    public async Task<ServerWindow> WindowAsync()
    {
        var f = (await AskAsync("stats")).Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new ServerWindow(f[0], (int)f[1], (int)f[2], (int)f[3], f[4], f[5], f[6], (int)f[7]);
    }

    private async Task<string> AskAsync(string command)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"));
        var buffer = new byte[256];
        var read = await socket.ReceiveAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read).Trim();
    }

    /// <summary>Sets a server's start so that it opens the probe socket.</summary>
    public static string Attach(ProcessStartInfo start)
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"ioc-bench-{Guid.NewGuid():N}.sock");
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(ServerProbe).Assembly.Location;
        start.Environment[SocketVariable] = socketPath;
        return socketPath;
    }
}

/// <summary>What happened inside a server over a window: GC pause time and collections, and how long work waited for a pool thread.</summary>
internal sealed record ServerWindow(double GcPauseMs, int Gen0, int Gen1, int Gen2, double QueueDelayP50Ms, double QueueDelayP99Ms, double QueueDelayMaxMs, int Samples)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"GC paused {GcPauseMs:0} ms (gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2}); thread-pool queue delay p50 {QueueDelayP50Ms:0.0} ms, p99 {QueueDelayP99Ms:0} ms, max {QueueDelayMaxMs:0} ms ({Samples} samples)");
}
