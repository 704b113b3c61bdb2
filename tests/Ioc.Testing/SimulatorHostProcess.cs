using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ioc.Testing;

/// <summary>
/// The built simulator host (<c>src/Ioc.Simulator.Host</c>) as its own process on a free loopback port, as the
/// compose demo runs it beside a production Ioc.
/// </summary>
public sealed class SimulatorHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private SimulatorHostProcess(Process process, StringBuilder output, string url)
    {
        _process = process;
        _output = output;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Base address, without a trailing slash: what <c>SIMULATOR_URL</c> is set to.</summary>
    public string Url { get; }

    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the host with these settings (<c>Ioc:Simulator:…</c>) and waits until <c>/healthz</c> answers 200.</summary>
    public static async Task<SimulatorHostProcess> StartAsync(IDictionary<string, string>? settings = null)
    {
        var host = Launch(settings);
        var started = await host;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"the simulator host exited with {started.ExitCode} at start:\n{started.Output}");
            }

            try
            {
                using var response = await started.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return started;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await started.DisposeAsync();
        throw new TimeoutException($"the simulator host did not become healthy within 60 s:\n{started.Output}");
    }

    /// <summary>Runs the host with settings it should refuse; returns its exit code and output once it has stopped.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IDictionary<string, string> settings)
    {
        await using var host = await Launch(settings);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host._process.WaitForExitAsync(timeout.Token);
        // The exit is seen before the last lines of output are read.
        host._process.WaitForExit();
        return (host._process.ExitCode, host.Output);
    }

    public async ValueTask DisposeAsync()
    {
        await HostBoundProcess.KillAsync(_process);

        Http.Dispose();
    }

    private static async Task<SimulatorHostProcess> Launch(IDictionary<string, string>? settings)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var arguments = new List<string> { HostDll(), $"--urls={url}" };
        arguments.AddRange((settings ?? new Dictionary<string, string>()).Select(s => $"--{s.Key}={s.Value}"));
        var start = HostBoundProcess.StartInfo("dotnet", arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var output = new StringBuilder();
        var process = await HostBoundProcess.StartAsync(start);
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SimulatorHostProcess(process, output, url);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The host built in the same configuration as the calling tests.</summary>
    private static string HostDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ioc.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "Ioc.Simulator.Host", "bin", configuration, "net10.0", "Ioc.Simulator.Host.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the simulator host first ({dll} is missing)", dll);
            }
        }

        throw new DirectoryNotFoundException("Ioc.sln not found above the test binaries");
    }
}
