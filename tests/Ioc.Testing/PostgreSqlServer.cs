using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;
using Xunit;

namespace Ioc.Testing;

/// <summary>
/// A private PostgreSQL server for one test class: its own cluster in a temporary folder, listening on a free
/// loopback port and a socket in that folder, stopped and deleted with the fixture. Tests take a fresh database
/// each (<see cref="CreateDatabaseAsync(string)"/>) so they never share state. The server is started in the
/// foreground (<c>postgres</c>, not <c>pg_ctl start</c>, which detaches it) so that it dies with the test host
/// (<see cref="HostBoundProcess"/>).
/// </summary>
public sealed partial class PostgreSqlServer : IAsyncLifetime
{
    public const string NotFoundMessage =
        "PostgreSQL not found: install Debian's postgresql package (apt-get install -y postgresql); ./test.sh does so";

    private const string FolderPrefix = "ioc-postgres-";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ServerOutput _output = new();
    private Process? _server;
    private string? _folder;
    private string? _binaries;
    private int _databases;

    /// <summary>The database created at start, for tests that need only one.</summary>
    public string ConnectionString { get; private set; } = "";

    public int Port { get; private set; }

    /// <summary>From the first command to the first database; reported so a slow machine is visible.</summary>
    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        _binaries = PostgreSqlPrograms.Find() ?? throw new InvalidOperationException(NotFoundMessage);
        await RemoveAbandonedClustersAsync(_binaries);

        // A short name: the socket path (folder + "/.s.PGSQL.<port>") must stay under 107 bytes.
        _folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(OwnerFile(_folder), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (PostgreSqlPrograms.IsRoot)
        {
            // The server refuses to run as root, so the cluster belongs to the postgres account.
            var chown = await PostgreSqlPrograms.RunAsync("chown", ["-R", "postgres:postgres", _folder], asPostgres: false);
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException($"chown of {_folder} to postgres failed: {chown.Output}");
            }
        }

        // --no-sync: a test cluster is thrown away, so waiting for the disk buys nothing.
        var data = DataFolder(_folder);
        var init = await PostgreSqlPrograms.RunAsync(Tool("initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        if (init.ExitCode != 0 && init.Output.Contains("locale", StringComparison.OrdinalIgnoreCase))
        {
            init = await PostgreSqlPrograms.RunAsync(Tool("initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        }

        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"initdb failed ({init.ExitCode}): {init.Output}");
        }

        await StartOnFreePortAsync(data);
        ConnectionString = await CreateDatabaseAsync("ioc_test");
        StartupTime = clock.Elapsed;
    }

    /// <summary>A connection string for a new, empty database on this server.</summary>
    /// <param name="name">Letters, digits and underscores; it must not exist yet.</param>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain database name (letters, digits, underscores)", nameof(name));
        }

        await using (var connection = new NpgsqlConnection(ConnectionTo("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionTo(name);
    }

    /// <summary>A new, empty database with a name of its own.</summary>
    public Task<string> CreateDatabaseAsync() =>
        CreateDatabaseAsync("test_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture));

    public async Task DisposeAsync()
    {
        if (_folder is null || _binaries is null)
        {
            return;
        }

        await StopAsync(_binaries, _folder);
        await EndServerProcessAsync();
        DeleteFolder(_folder);
    }

    /// <summary>
    /// Stops the server at once, as a crash or a failover would: open connections break and new ones are refused.
    /// The data stays; <see cref="StartAgainAsync"/> brings the server back on the same port.
    /// </summary>
    public async Task StopAsync()
    {
        await StopAsync(_binaries!, _folder!);
        await EndServerProcessAsync();
    }

    /// <summary>Starts the server stopped by <see cref="StopAsync()"/> again, on the same port, with the same data.</summary>
    public async Task StartAgainAsync()
    {
        if (!await StartOnPortAsync(DataFolder(_folder!)))
        {
            throw new InvalidOperationException($"PostgreSQL did not start again on port {Port} in {_folder}:{Environment.NewLine}{_output.Text}");
        }
    }

    private string ConnectionTo(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    private async Task StartOnFreePortAsync(string data)
    {
        // Another process may take the port between the probe and the start; a few tries cover that race.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            if (await StartOnPortAsync(data))
            {
                return;
            }

            await StopAsync(_binaries!, _folder!);
            await EndServerProcessAsync();
            if (attempt >= 3)
            {
                throw new InvalidOperationException($"PostgreSQL did not start in {_folder}:{Environment.NewLine}{_output.Text}");
            }
        }
    }

    private async Task<bool> StartOnPortAsync(string data)
    {
        // fsync off: only acceptable because this cluster is a throw-away test server.
        var start = PostgreSqlPrograms.ServerStartInfo(Tool("postgres"), [
            "-D", data, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", _folder!,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = await HostBoundProcess.StartAsync(start);
        _server = process;
        _output.Follow(process);
        return await WaitUntilReadyAsync(process);
    }

    /// <summary>True once the server takes connections; false when it quit (most likely: the port was taken) or never answered.</summary>
    private async Task<bool> WaitUntilReadyAsync(Process process)
    {
        // Through the socket in our own folder: over TCP, another server that took the port meanwhile would answer.
        var probe = new NpgsqlConnectionStringBuilder(ConnectionTo("postgres")) { Host = _folder, Pooling = false, Timeout = 2 }.ConnectionString;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync();
                return true;
            }
            catch (NpgsqlException)
            {
                // Not listening yet, or still starting up.
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>Waits for the server process to end (after pg_ctl stop), killing it if it lingers.</summary>
    private async Task EndServerProcessAsync()
    {
        if (_server is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _server.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server.Dispose();
        _server = null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string Tool(string name) => Path.Combine(_binaries!, name);

    private static string DataFolder(string folder) => Path.Combine(folder, "data");

    private static string OwnerFile(string folder) => Path.Combine(folder, "owner.pid");

    private static async Task StopAsync(string binaries, string folder)
    {
        if (File.Exists(Path.Combine(DataFolder(folder), "postmaster.pid")))
        {
            // Immediate: nothing in a test cluster is worth a clean shutdown.
            await PostgreSqlPrograms.RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", DataFolder(folder), "-m", "immediate", "-w", "stop"]);
        }
    }

    private static void DeleteFolder(string folder)
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

    /// <summary>Stops and deletes clusters whose test process died without disposing them.</summary>
    private static async Task RemoveAbandonedClustersAsync(string binaries)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            try
            {
                // Only folders this fixture made carry the owner file; anything else is left alone.
                var owner = File.Exists(OwnerFile(folder)) && int.TryParse(File.ReadAllText(OwnerFile(folder)), out var pid) ? pid : 0;
                if (owner <= 0 || IsAlive(owner))
                {
                    continue;
                }

                await StopAsync(binaries, folder);
                DeleteFolder(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another test process is sweeping the same folder; whoever gets there first cleans it.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
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

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
