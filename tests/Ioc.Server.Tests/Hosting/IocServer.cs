using System.Net;
using System.Net.Sockets;
using Ioc.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Server.Tests.Hosting;

/// <summary>
/// The real server on a free loopback port with its own data folder, built exactly as Program builds it.
/// </summary>
public sealed class IocServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _disposed;

    private IocServer(WebApplication app, string baseUrl, string dataDir)
    {
        _app = app;
        BaseUrl = baseUrl;
        DataDir = dataDir;
    }

    public string BaseUrl { get; }

    public string DataDir { get; }

    /// <summary>Signed in as the admin, and carrying an API key for every measurement, so it may read and write.</summary>
    public HttpClient Http => Admin.Http;

    /// <summary>The admin's session; its cookies also open the live hub.</summary>
    public Session Admin { get; private set; } = null!;

    public System.Net.CookieContainer Cookies => Admin.Cookies;

    public string WriteKey { get; private set; } = "";

    public IServiceProvider Services => _app.Services;

    /// <param name="signIn">False for tests of the first start, which must find the admin's password themselves.</param>
    public static async Task<IocServer> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool signIn = true)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var dataDir = Directory.CreateTempSubdirectory("ioc-test-").FullName;
        var args = new Dictionary<string, string?>
        {
            ["urls"] = baseUrl,
            ["environment"] = "Testing",
            ["Ioc:Storage:Sqlite:Path"] = Path.Combine(dataDir, "ioc.db"),
            ["Ioc:Configuration:Sqlite:Path"] = Path.Combine(dataDir, "ioc-config.db"),
            ["Ioc:Storage:Spool:Path"] = Path.Combine(dataDir, "spool"),
            ["Ioc:CollectorsPath"] = Path.Combine(RepoRoot, "collectors"),
            ["Ioc:DashboardsPath"] = Path.Combine(RepoRoot, "dashboards"),
            ["Ioc:PlansPath"] = Path.Combine(RepoRoot, "plans"),
            ["Ioc:Variables:SIMULATOR_URL"] = baseUrl,
            ["Ioc:Scheduling:Enabled"] = "false",
            ["Ioc:Simulator:History"] = "0",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Ioc:Access:AdminPassword"] = Session.AdminPassword,

            // Every test signs in from 127.0.0.1; the limit per address has tests of its own.
            ["Ioc:Access:SignInAttemptsPerMinute"] = "10000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args[key] = value;
        }

        var app = IocApplication.Build(
            [.. args.Where(a => a.Value is not null).Select(a => $"--{a.Key}={a.Value}")],
            builder => services?.Invoke(builder.Services));
        if (!await app.LoadDefinitionsAsync())
        {
            throw new InvalidOperationException("definitions did not load");
        }

        await app.StartAsync();
        var server = new IocServer(app, baseUrl, dataDir);
        if (!signIn)
        {
            return server;
        }

        server.Admin = await Session.SignInAsync(baseUrl, "admin", Session.AdminPassword);
        server.WriteKey = await server.Admin.CreateApiKeyAsync("test writer");
        server.Admin.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", server.WriteKey);
        return server;
    }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Safe to call again, so a test can stop the server to read its whole log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Admin?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>A new folder holding the repository's collector files, each optionally edited (file name, text → text).</summary>
    public static async Task<string> CopyCollectorsAsync(Func<string, string, string>? edit = null)
    {
        var folder = Directory.CreateTempSubdirectory("ioc-collectors-").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot, "collectors"), "*.yaml"))
        {
            var name = Path.GetFileName(file);
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(Path.Combine(folder, name), edit is null ? text : edit(name, text));
        }

        return folder;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ioc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Ioc.sln not found above the test binaries");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
