using System.Diagnostics;

namespace Ioc.Bench;

/// <summary>
/// The built server in a process of its own, as it runs in production (server GC, its own thread pool), on a free
/// loopback port with its own data folder; the bench process then only plays the clients. Its CPU time is read
/// from the process, so a benchmark can report the server's cost per unit of work.
/// </summary>
internal sealed class IocProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly bool _ownsData;

    private IocProcess(Process process, string baseUrl, string dataDir, bool ownsData)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDir = dataDir;
        _ownsData = ownsData;
    }

    public string BaseUrl { get; }

    public string DataDir { get; }

    public int Id => _process.Id;

    /// <summary>
    /// A write key for a production-mode server on <paramref name="dataDir"/>: production serves its sign-in page
    /// only over HTTPS, so the key is made by the same server in embedded mode on the same configuration store first.
    /// </summary>
    public static async Task<string> CreateWriteKeyAsync(string dataDir)
    {
        await using var setup = await StartAsync("Benchmark", [], dataDir);
        using var access = await BenchAccess.SignInAsync(setup.BaseUrl);
        return access.WriteKey;
    }

    /// <summary>A client for the ingest API with <paramref name="key"/>, as <see cref="BenchAccess.CreateWriter"/> makes.</summary>
    public HttpClient CreateWriter(string key)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", key);
        return http;
    }

    public static string ServerDll => Path.Combine(BenchServer.RepoRoot(), "src", "Ioc.Server", "bin", "Release", "net10.0", "Ioc.Server.dll");

    /// <summary>
    /// Starts the server in the given environment and waits for its first healthy answer. A data folder given is
    /// the caller's, kept after the process ends, so a later process can start on what an earlier one set up.
    /// </summary>
    public static async Task<IocProcess> StartAsync(string environment, string[] extraArgs, string? dataDir = null)
    {
        if (!File.Exists(ServerDll))
        {
            throw new InvalidOperationException($"build the server first: dotnet build -c Release src/Ioc.Server (missing {ServerDll})");
        }

        var url = $"http://127.0.0.1:{BenchServer.FreePort()}";
        var data = dataDir ?? Directory.CreateTempSubdirectory("ioc-bench-").FullName;
        var root = BenchServer.RepoRoot();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args =
        [
            ServerDll,
            $"--environment={environment}",
            $"--urls={url}",
            $"--Ioc:Storage:Sqlite:Path={Path.Combine(data, "ioc.db")}",
            $"--Ioc:Configuration:Sqlite:Path={Path.Combine(data, "ioc-config.db")}",
            $"--Ioc:Storage:Spool:Path={Path.Combine(data, "spool")}",
            $"--Ioc:CollectorsPath={Path.Combine(root, "collectors")}",
            $"--Ioc:DashboardsPath={Path.Combine(root, "dashboards")}",
            "--Ioc:Scheduling:Enabled=false",
            .. BenchAccess.ServerArguments,
            .. extraArgs,
        ];
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Keep(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.Enqueue(line);
            while (output.Count > 50)
            {
                output.TryDequeue(out _);
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new IocProcess(process, url, data, ownsData: dataDir is null);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(90))
            {
                var log = string.Join(Environment.NewLine, output);
                await server.DisposeAsync();
                throw new InvalidOperationException($"the server did not become healthy:{Environment.NewLine}{log}");
            }

            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }
    }

    /// <summary>CPU time the process has used so far, every thread and core together.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        if (_ownsData)
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }
}
