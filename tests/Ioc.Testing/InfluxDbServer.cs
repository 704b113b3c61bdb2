using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Ioc.Testing;

/// <summary>
/// A private InfluxDB 1.x for one test class (or one test): <c>influxd</c> with its own folder, on free loopback
/// ports, every listener but HTTP off, nothing reported home. <see cref="StopAsync"/> and
/// <see cref="StartAgainAsync"/> play an outage on the same ports and data. Tests name their own measurements,
/// so they share the server but never its data. influxd dies with the test host (<see cref="HostBoundProcess"/>).
/// </summary>
public sealed class InfluxDbServer : IAsyncLifetime
{
    public const string NotFoundMessage =
        "influxd not found: install Debian's influxdb package (apt-get install -y influxdb); ./test.sh does so";

    private const int RestartAttempts = 10;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RestartDelay = TimeSpan.FromMilliseconds(300);

    private readonly ServerOutput _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private string? _folder;
    private string? _executable;
    private Process? _process;
    private int _httpPort;
    private int _rpcPort;

    /// <summary>Base URL of the HTTP API, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url => $"http://127.0.0.1:{_httpPort}";

    /// <summary>Created at start; set it before <see cref="InitializeAsync"/> when a test creates the server itself.</summary>
    public string Database { get; init; } = "ioc_test";

    /// <summary>From the start of the process to the database being created; reported so a slow machine is visible.</summary>
    public TimeSpan StartupTime { get; private set; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>influxd's process id while it runs, so a benchmark can read its CPU time.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        _executable = InfluxDbServerFiles.FindExecutable() ?? throw new InvalidOperationException(NotFoundMessage);
        InfluxDbServerFiles.RemoveAbandonedFolders();
        _folder = Path.Combine(Path.GetTempPath(), InfluxDbServerFiles.FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(InfluxDbServerFiles.OwnerFile(_folder), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

        // Another process may take a probed port before influxd binds it; fresh ports cover that race.
        for (var attempt = 1; ; attempt++)
        {
            _httpPort = InfluxDbServerFiles.FreeLoopbackPort();
            _rpcPort = InfluxDbServerFiles.FreeLoopbackPort();
            await File.WriteAllTextAsync(InfluxDbServerFiles.ConfigFile(_folder), InfluxDbServerFiles.Config(_folder, _httpPort, _rpcPort));
            try
            {
                await StartProcessAsync();
                break;
            }
            catch (InvalidOperationException) when (attempt < 3 && _process is { HasExited: true })
            {
                // influxd quit at once: most likely a port was taken meanwhile.
                _process.Dispose();
                _process = null;
            }
        }

        await QueryAsync($"CREATE DATABASE {Quote(Database)}");
        StartupTime = clock.Elapsed;
    }

    /// <summary>Kills influxd, as a crash or a pulled cable would; the data stays for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        await HostBoundProcess.KillAsync(_process);
        _process = null;
    }

    /// <summary>
    /// Starts influxd again on the same ports and data folder. A port can stay taken for a moment after the old
    /// process (or whoever held it meanwhile) let go, so a start that fails at once is tried again a few times.
    /// </summary>
    public async Task StartAgainAsync()
    {
        if (_folder is null)
        {
            throw new InvalidOperationException("the server was never started");
        }

        await StopAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartProcessAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < RestartAttempts && _process is { HasExited: true })
            {
                _process.Dispose();
                _process = null;
                await Task.Delay(RestartDelay);
            }
        }
    }

    /// <summary>Runs InfluxQL against <see cref="Database"/> and returns InfluxDB's JSON as it came (times in ns).</summary>
    public async Task<string> QueryAsync(string influxQl)
    {
        using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("q", influxQl)]);
        using var response = await _http.PostAsync($"{Url}/query?db={Uri.EscapeDataString(Database)}&epoch=ns", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || HasError(body))
        {
            throw new InvalidOperationException($"influxd answered {(int)response.StatusCode} to {influxQl}: {body}");
        }

        return body;
    }

    /// <summary>How many values of <paramref name="field"/> <paramref name="measurement"/> holds, over all its series.</summary>
    public async Task<long> CountAsync(string measurement, string field)
    {
        var json = await QueryAsync($"SELECT count({Quote(field)}) FROM {Quote(measurement)}");
        using var document = JsonDocument.Parse(json);
        var result = document.RootElement.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
    }

    /// <summary>Posts line protocol straight to <c>/write</c>, past any store; returns the status and InfluxDB's body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> WriteLinesAsync(string lineProtocol, string precision = "ms")
    {
        using var content = new StringContent(lineProtocol, Encoding.UTF8, "text/plain");
        using var response = await _http.PostAsync($"{Url}/write?db={Uri.EscapeDataString(Database)}&precision={precision}", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>influxd's own counters (SHOW STATS), e.g. <c>("httpd", "writeReq")</c>: what the server saw, not what a client claims.</summary>
    public async Task<long> StatAsync(string module, string column)
    {
        var json = await QueryAsync($"SHOW STATS FOR '{module}'");
        using var document = JsonDocument.Parse(json);
        var series = document.RootElement.GetProperty("results")[0].GetProperty("series")[0];
        var index = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList().IndexOf(column);
        return index < 0 ? throw new ArgumentException($"SHOW STATS FOR '{module}' has no column {column}", nameof(column))
            : series.GetProperty("values")[0][index].GetInt64();
    }

    /// <summary>The last lines influxd wrote to its standard error.</summary>
    public string Log => _output.Text;

    public async Task DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        if (_folder is not null)
        {
            InfluxDbServerFiles.DeleteFolder(_folder);
        }
    }

    private async Task StartProcessAsync()
    {
        // setpriv, if in front, execs influxd: the process started is influxd itself, under the same id.
        var start = HostBoundProcess.StartInfo(_executable!, ["run", "-config", InfluxDbServerFiles.ConfigFile(_folder!)]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = _folder!;

        // INFLUXDB_* variables override the file; a developer's own settings must not leak into the test server.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("INFLUXDB_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var process = await HostBoundProcess.StartAsync(start);
        _process = process;
        _output.Follow(process);
        await File.WriteAllTextAsync(InfluxDbServerFiles.ServerPidFile(_folder!), process.Id.ToString(CultureInfo.InvariantCulture));

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                process.WaitForExit(); // lets the last lines of its output arrive before they are quoted
                throw new InvalidOperationException($"influxd exited with {process.ExitCode} while starting on {Url}:{Environment.NewLine}{Log}");
            }

            try
            {
                using var ping = await _http.GetAsync($"{Url}/ping");
                if (ping.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        await StopAsync();
        throw new InvalidOperationException($"influxd did not answer /ping on {Url} within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Log}");
    }

    /// <summary>A statement's error comes with status 200, inside its result.</summary>
    private static bool HasError(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.TryGetProperty("error", out _)
            || (root.TryGetProperty("results", out var results) && results.EnumerateArray().Any(r => r.TryGetProperty("error", out _)));
    }

    private static string Quote(string name) => "\"" + name.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
