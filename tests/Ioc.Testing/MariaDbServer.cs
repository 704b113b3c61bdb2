using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MySqlConnector;
using Xunit;

namespace Ioc.Testing;

/// <summary>
/// A private MariaDB server for one test class: its own data folder in a temporary folder (made by
/// <c>mariadb-install-db</c>), listening on a free loopback port and on a socket in that folder, shut down and deleted
/// with the fixture. Tests connect over TCP as <see cref="User"/>, a real account with a password made over the socket
/// by root, and take a fresh database each (<see cref="CreateDatabaseAsync(string)"/>). The server runs in the
/// foreground under <see cref="HostBoundProcess"/>, so it dies with the test host.
/// </summary>
public sealed partial class MariaDbServer : IAsyncLifetime
{
    public const string NotFoundMessage =
        "MariaDB not found: install Debian's mariadb-server package (apt-get install -y mariadb-server); ./test.sh does so";

    /// <summary>The account tests connect as; it may do anything, and needs its password.</summary>
    public const string User = "ioc";

    private const string FolderPrefix = "ioc-mariadb-";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly ServerOutput _output = new();
    private Process? _server;
    private string? _folder;
    private int _databases;

    /// <summary>The database created at start, over TCP as <see cref="User"/>.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>New for every fixture: <see cref="User"/>'s password.</summary>
    public string Password { get; } = "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    public int Port { get; private set; }

    /// <summary>From the first command to the first database; reported so a slow machine is visible.</summary>
    public TimeSpan StartupTime { get; private set; }

    private static bool IsRoot => Environment.UserName == "root";

    private string Socket => Path.Combine(_folder!, "mysqld.sock");

    private string DataFolder => Path.Combine(_folder!, "data");

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var server = Find("mariadbd") ?? throw new InvalidOperationException(NotFoundMessage);
        var install = Find("mariadb-install-db") ?? throw new InvalidOperationException(NotFoundMessage);
        RemoveAbandonedFolders();

        // A short name: the socket path must stay under 107 bytes.
        _folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(OwnerFile(_folder), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

        // --no-defaults: nothing from the machine's /etc/mysql applies. root may sign in over the socket without a
        // password ("normal" authentication with an empty one), which is how the test account is made.
        var init = await RunAsync(install, [
            "--no-defaults", $"--datadir={DataFolder}", "--auth-root-authentication-method=normal", "--skip-test-db",
            "--skip-name-resolve", .. RootArguments(), .. FastArguments()]);
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"mariadb-install-db failed ({init.ExitCode}): {init.Output}");
        }

        await StartOnFreePortAsync(server);
        await using (var root = await OpenAsRootAsync())
        {
            // Over TCP the client comes from 127.0.0.1 (names are not resolved); 'localhost' is the socket.
            await ExecuteAsync(root, $"""
                CREATE USER '{User}'@'127.0.0.1' IDENTIFIED BY '{Password}';
                CREATE USER '{User}'@'localhost' IDENTIFIED BY '{Password}';
                GRANT ALL PRIVILEGES ON *.* TO '{User}'@'127.0.0.1' WITH GRANT OPTION;
                GRANT ALL PRIVILEGES ON *.* TO '{User}'@'localhost' WITH GRANT OPTION;
                """);
        }

        ConnectionString = await CreateDatabaseAsync("ioc_test");
        StartupTime = clock.Elapsed;
    }

    /// <summary>A connection string for a new, empty database on this server (UTF-8, over TCP as <see cref="User"/>).</summary>
    /// <param name="name">Letters, digits and underscores; it must not exist yet.</param>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain database name (letters, digits, underscores)", nameof(name));
        }

        await using (var root = await OpenAsRootAsync())
        {
            await ExecuteAsync(root, $"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }

        return new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1",
            Port = (uint)Port,
            UserID = User,
            Password = Password,
            Database = name,
        }.ConnectionString;
    }

    /// <summary>A new, empty database with a name of its own.</summary>
    public Task<string> CreateDatabaseAsync() =>
        CreateDatabaseAsync("test_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture));

    public async Task DisposeAsync()
    {
        if (_folder is null)
        {
            return;
        }

        await StopAsync();
        DeleteFolder(_folder);
    }

    private static IEnumerable<string> RootArguments() => IsRoot ? ["--user=root"] : [];

    // A throw-away server: small files, and no waiting for the disk.
    private static IEnumerable<string> FastArguments() =>
        ["--innodb-log-file-size=8M", "--innodb-buffer-pool-size=32M", "--innodb-flush-log-at-trx-commit=0", "--skip-log-bin"];

    private async Task StartOnFreePortAsync(string server)
    {
        // Another process may take the port between the probe and the start; a few tries cover that race.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreeLoopbackPort();
            var start = HostBoundProcess.StartInfo(server, [
                "--no-defaults", $"--datadir={DataFolder}", $"--socket={Socket}", $"--port={Port.ToString(CultureInfo.InvariantCulture)}",
                "--bind-address=127.0.0.1", $"--pid-file={Path.Combine(_folder!, "mariadbd.pid")}", "--skip-name-resolve",
                .. RootArguments(), .. FastArguments()]);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            var process = await HostBoundProcess.StartAsync(start);
            _server = process;
            _output.Follow(process);
            if (await WaitUntilReadyAsync(process))
            {
                return;
            }

            await StopAsync();
            if (attempt >= 3)
            {
                throw new InvalidOperationException($"MariaDB did not start in {_folder}:{Environment.NewLine}{_output.Text}");
            }
        }
    }

    /// <summary>True once the server takes connections; false when it quit (most likely: the port was taken) or never answered.</summary>
    private async Task<bool> WaitUntilReadyAsync(Process process)
    {
        // Through the socket in our own folder: over TCP, another server that took the port meanwhile would answer.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                await using var connection = await OpenAsRootAsync();
                return true;
            }
            catch (MySqlException)
            {
                // Not listening yet, or still starting up.
            }

            await Task.Delay(100);
        }

        return false;
    }

    private async Task<MySqlConnection> OpenAsRootAsync()
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = Socket,
            ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
            UserID = "root",
            Pooling = false,
            ConnectionTimeout = 2,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Shuts the server down cleanly (SHUTDOWN over the socket), killing it if it does not go in time.</summary>
    private async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        if (!_server.HasExited)
        {
            try
            {
                await using var root = await OpenAsRootAsync();
                await ExecuteAsync(root, "SHUTDOWN");
            }
            catch (MySqlException)
            {
                // Not answering: it is killed below.
            }
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

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string? Find(string program)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]);
        return folders.Select(f => Path.Combine(f, program)).FirstOrDefault(File.Exists);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments) =>
        ProgramRun.RunAsync(file, arguments, CommandTimeout);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string OwnerFile(string folder) => Path.Combine(folder, "owner.pid");

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

    /// <summary>Deletes data folders whose test process died without disposing them, ending a server still running there.</summary>
    private static void RemoveAbandonedFolders()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            try
            {
                // Only folders this fixture made carry the owner file; anything else is left alone.
                var owner = File.Exists(OwnerFile(folder)) && int.TryParse(File.ReadAllText(OwnerFile(folder)), out var pid) ? pid : 0;
                if (owner <= 0 || IsAlive(owner, null))
                {
                    continue;
                }

                var serverPid = Path.Combine(folder, "mariadbd.pid");
                if (File.Exists(serverPid) && int.TryParse(File.ReadAllText(serverPid).Trim(), out var server) && IsAlive(server, "mariadbd"))
                {
                    using var process = Process.GetProcessById(server);
                    process.Kill();
                    process.WaitForExit(10_000);
                }

                DeleteFolder(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // Another test process is sweeping the same folder; whoever gets there first cleans it.
            }
        }
    }

    private static bool IsAlive(int pid, string? name)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && (name is null || process.ProcessName == name);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
