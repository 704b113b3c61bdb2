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

    /// <summary>Sets a server's start so that it opens the probe socket.</summary>
    public static string Attach(ProcessStartInfo start)
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"ioc-bench-{Guid.NewGuid():N}.sock");
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(ServerProbe).Assembly.Location;
        start.Environment[SocketVariable] = socketPath;
        return socketPath;
    }
}
