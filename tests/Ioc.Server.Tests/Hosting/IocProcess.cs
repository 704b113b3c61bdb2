using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Ioc.Testing;

namespace Ioc.Server.Tests.Hosting;

/// <summary>
/// The built server as its own process, for what one process cannot show: a crash (kill, no shutdown) and
/// several Ioc processes sharing one database.
/// </summary>
public sealed partial class IocProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private IocProcess(Process process, StringBuilder output)
    {
        _process = process;
        _output = output;
    }

    /// <summary>Known once the process itself has logged the address it listens on.</summary>
    public string BaseUrl { get; private set; } = "";

    public int ProcessId => _process.Id;

    /// <summary>Signed in as the admin and carrying an API key for every measurement.</summary>
    public HttpClient Http => Admin.Http;

    public Session Admin { get; private set; } = null!;

    /// <summary>Anonymous, for the health endpoints.</summary>
    public HttpClient Probe { get; private set; } = null!;

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

    /// <summary>
    /// Starts the server with these settings and waits until <c>/healthz</c> answers 200. Without a port the server
    /// takes one the system gives it, so no other server started meanwhile can be mistaken for this one.
    /// </summary>
    public static async Task<IocProcess> StartAsync(IDictionary<string, string> settings, int? port = null)
    {
        var url = $"http://127.0.0.1:{port ?? 0}";
        // Bound to the test host: a test that fails before disposing it leaves no server running after the run.
        var info = HostBoundProcess.StartInfo("dotnet", [ServerDll()]);
        info.WorkingDirectory = IocServer.RepoRoot;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.ArgumentList.Add($"--urls={url}");
        info.ArgumentList.Add("--environment=Testing");
        info.ArgumentList.Add($"--Ioc:Access:AdminPassword={Session.AdminPassword}");
        // Production is served behind a TLS proxy (its cookies are Secure): the test client plays that proxy on loopback.
        var production = settings.TryGetValue("Ioc:Mode", out var mode) && mode == "Production";
        if (production)
        {
            info.ArgumentList.Add("--Ioc:Proxy:KnownProxies:0=127.0.0.1");
        }

        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        var output = new StringBuilder();
        var process = await HostBoundProcess.StartAsync(info);
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ioc = new IocProcess(process, output);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Ioc exited with {process.ExitCode} at start:\n{ioc.Output}");
            }

            // Only this process's own log says where it listens: a port chosen ahead could be answered by another.
            if (ioc.Probe is null)
            {
                if (Listening().Match(ioc.Output) is not { Success: true } listening)
                {
                    await Task.Delay(100);
                    continue;
                }

                url = listening.Groups["url"].Value;
                ioc.BaseUrl = url;
                ioc.Probe = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            }

            try
            {
                using var response = await ioc.Probe.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    ioc.Admin = production
                        ? await Session.SignInBehindTlsProxyAsync(url, "198.51.100.10", "admin", Session.AdminPassword)
                        : await Session.SignInAsync(url, "admin", Session.AdminPassword);
                    var key = await ioc.Admin.CreateApiKeyAsync("test writer");
                    ioc.Admin.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", key);
                    return ioc;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await ioc.DisposeAsync();
        throw new TimeoutException($"Ioc did not become healthy within 60 s:\n{ioc.Output}");
    }

    /// <summary>Ends the process at once, as a power cut or an OOM kill would: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Admin?.Dispose();
        Probe?.Dispose();
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://127\.0\.0\.1:[1-9][0-9]*)")]
    private static partial Regex Listening();

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

    /// <summary>The server built in the same configuration as these tests.</summary>
    internal static string ServerDll()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(IocServer.RepoRoot, "src", "Ioc.Server", "bin", configuration, "net10.0", "Ioc.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the server first ({dll} is missing)", dll);
    }
}
