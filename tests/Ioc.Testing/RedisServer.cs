using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Ioc.Testing;

/// <summary>
/// A private <c>redis-server</c> for one test class on a free loopback port, in memory only (<c>--save ''</c>, no
/// append-only file), so a restart comes back empty as an unpersisted Redis does after a crash. It runs in the
/// foreground under <see cref="HostBoundProcess"/>, so it dies with the test host.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    public const string NotFoundMessage = "redis-server not found: install Debian's redis-server package (apt-get install -y redis-server); ./test.sh does so";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly ServerOutput _output = new();
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>A StackExchange.Redis configuration string for Ioc:Live:Redis:Configuration.</summary>
    public string Configuration => $"127.0.0.1:{Port},connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000";

    public string Log => _output.Text;

    /// <summary>redis-server's process id while it runs, so a benchmark can read its CPU time.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                await StartProcessAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && _process is { HasExited: true })
            {
                _process.Dispose();
                _process = null;
            }
        }
    }

    /// <summary>Kills Redis, as a crash would: what it held is gone.</summary>
    public async Task StopAsync()
    {
        await HostBoundProcess.KillAsync(_process);
        _process = null;
    }

    /// <summary>Starts Redis again, empty, on the same port (tried a few times while the port is still held).</summary>
    public async Task StartAgainAsync()
    {
        await StopAsync();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartProcessAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < 10 && _process is { HasExited: true })
            {
                _process.Dispose();
                _process = null;
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Runs one command over RESP and returns the reply as text (for checks, not for speed).</summary>
    public async Task<string> CommandAsync(params string[] words)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        var request = new StringBuilder().Append('*').Append(words.Length).Append("\r\n");
        foreach (var word in words)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(word)).Append("\r\n").Append(word).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        var buffer = new byte[64 * 1024];
        var read = await stream.ReadAsync(buffer);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    public async Task DisposeAsync() => await StopAsync();

    private async Task StartProcessAsync()
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/sbin/redis-server" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(NotFoundMessage);
        var start = HostBoundProcess.StartInfo(executable, [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--protected-mode", "no", "--daemonize", "no", "--loglevel", "warning", "--dir", Path.GetTempPath()]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _process = await HostBoundProcess.StartAsync(start);
        _output.Follow(_process);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}:\n{_output.Text}");
            }

            try
            {
                if ((await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer within {StartTimeout.TotalSeconds} s:\n{_output.Text}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
