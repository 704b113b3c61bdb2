using System.Net;
using System.Net.Sockets;
using Ioc.Server.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Ioc.Bench;

/// <summary>
/// The real server in this process, on a free loopback port, with its own data folder; its first admin signs in
/// with <see cref="BenchAccess"/>.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchServer(WebApplication app, string baseUrl, string dataDir)
    {
        _app = app;
        BaseUrl = baseUrl;
        DataDir = dataDir;
    }

    public string BaseUrl { get; }

    public string DataDir { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BenchServer> StartAsync(params string[] extraArgs)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var dataDir = Directory.CreateTempSubdirectory("ioc-bench-").FullName;
        var root = RepoRoot();
        var app = IocApplication.Build(
        [
            $"--urls={baseUrl}",
            "--environment=Benchmark",
            $"--Ioc:Storage:Sqlite:Path={Path.Combine(dataDir, "ioc.db")}",
            $"--Ioc:Configuration:Sqlite:Path={Path.Combine(dataDir, "ioc-config.db")}",
            $"--Ioc:CollectorsPath={Path.Combine(root, "collectors")}",
            $"--Ioc:DashboardsPath={Path.Combine(root, "dashboards")}",
            "--Ioc:Scheduling:Enabled=false",
            "--Serilog:MinimumLevel:Default=Warning",
            $"--Ioc:Storage:Spool:Path={Path.Combine(dataDir, "spool")}",
            .. BenchAccess.ServerArguments,
            .. extraArgs,
        ]);
        await app.LoadDefinitionsAsync();
        await app.StartAsync();
        return new BenchServer(app, baseUrl, dataDir);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDir, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ioc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}
