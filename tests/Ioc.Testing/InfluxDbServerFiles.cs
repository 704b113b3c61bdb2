using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ioc.Testing;

/// <summary>
/// What a private influxd needs on disk: the executable, a config that moves every port and turns every extra
/// listener off, and the sweeping of folders that test runs which died left behind.
/// </summary>
internal static class InfluxDbServerFiles
{
    public const string FolderPrefix = "ioc-influx-";

    public static string? FindExecutable()
    {
        const string debian = "/usr/bin/influxd";
        if (File.Exists(debian))
        {
            return debian;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "influxd"))
            .FirstOrDefault(File.Exists);
    }

    public static string ConfigFile(string folder) => Path.Combine(folder, "influxd.conf");

    public static string OwnerFile(string folder) => Path.Combine(folder, "owner.pid");

    public static string ServerPidFile(string folder) => Path.Combine(folder, "influxd.pid");

    /// <remarks>
    /// The RPC port (top-level bind-address, for backup and restore) is moved too: left at 8088 it would clash
    /// with a second server or a real InfluxDB. Paths are TOML literal strings ('…'), which need no escaping.
    /// </remarks>
    public static string Config(string folder, int httpPort, int rpcPort) => $"""
        reporting-disabled = true
        bind-address = "127.0.0.1:{rpcPort}"

        [meta]
          dir = '{Path.Combine(folder, "meta")}'

        [data]
          dir = '{Path.Combine(folder, "data")}'
          wal-dir = '{Path.Combine(folder, "wal")}'
          query-log-enabled = false

        [http]
          enabled = true
          bind-address = "127.0.0.1:{httpPort}"
          auth-enabled = false
          log-enabled = false
          https-enabled = false

        [monitor]
          store-enabled = false

        [continuous_queries]
          enabled = false

        [subscriber]
          enabled = false

        [[graphite]]
          enabled = false

        [[collectd]]
          enabled = false

        [[opentsdb]]
          enabled = false

        [[udp]]
          enabled = false

        """;

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover folder is swept by the next run; failing the tests over it would hide their result.
        }
    }

    /// <summary>
    /// Folders of test processes that died without disposing their server: their influxd is stopped (only when
    /// its command line names that folder's config, so a reused process id is never hit) and the folder deleted.
    /// </summary>
    public static void RemoveAbandonedFolders()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (!File.Exists(OwnerFile(folder)) || IsAlive(ReadPid(OwnerFile(folder))))
            {
                continue; // being set up, or its test process still runs
            }

            var server = ReadPid(ServerPidFile(folder));
            if (IsAlive(server) && CommandLine(server).Contains(ConfigFile(folder), StringComparison.Ordinal))
            {
                using var process = Process.GetProcessById(server);
                process.Kill();
                process.WaitForExit(5_000);
            }

            DeleteFolder(folder);
        }
    }

    private static int ReadPid(string file)
    {
        try
        {
            return int.TryParse(File.ReadAllText(file), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
