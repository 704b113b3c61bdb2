using System.Diagnostics;

namespace Ioc.Bench;

/// <summary>
/// The built server (src/Ioc.Server/bin/Release) as a process on a fixed port and data folder, as a province runs
/// it: it can be killed and started again on the same data, and its figures include no bench code in the same process.
/// </summary>
internal sealed class BenchServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BenchServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The server's process id, to read its CPU time or memory.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The built server, or null (with a message on stderr) when it is not built.</summary>
    public static string? FindBuiltServer()
    {
        var serverDll = Path.Combine(BenchServer.RepoRoot(), "src", "Ioc.Server", "bin", "Release", "net10.0", "Ioc.Server.dll");
        if (File.Exists(serverDll))
        {
            return serverDll;
        }

        Console.Error.WriteLine($"build the server first: dotnet build -c Release src/Ioc.Server (missing {serverDll})");
        return null;
    }

    /// <param name="data">Holds the stores, the spool and <c>dashboards/</c>.</param>
    public static async Task<BenchServerProcess> StartAsync(string serverDll, string data, int port, params string[] extraArgs)
    {
        var url = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = BenchServer.RepoRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[
            serverDll, "--environment=Benchmark", $"--urls={url}",
            $"--Ioc:Storage:Sqlite:Path={Path.Combine(data, "ioc.db")}",
            $"--Ioc:Configuration:Sqlite:Path={Path.Combine(data, "ioc-config.db")}",
            $"--Ioc:Storage:Spool:Path={Path.Combine(data, "spool")}",
            $"--Ioc:DashboardsPath={Path.Combine(data, "dashboards")}",
            "--Ioc:Scheduling:Enabled=false", "--Serilog:MinimumLevel:Default=Warning",
            .. BenchAccess.ServerArguments, .. extraArgs])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await probe.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return new BenchServerProcess(process, url);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        throw new TimeoutException(process.HasExited ? $"the server exited with code {process.ExitCode} at start" : "the server did not become healthy within 60 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
