using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ioc.Testing;

/// <summary>
/// The compose stack's TLS proxy (deploy/nginx/ioc.conf) run by a real nginx on a loopback port in a temporary
/// folder, in front of an Ioc on another loopback port, with a self-signed certificate made for the test.
/// </summary>
public sealed class NginxTlsProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ServerOutput _output;
    private readonly string _folder;

    private NginxTlsProxy(Process process, ServerOutput output, string folder, int port)
    {
        _process = process;
        _output = output;
        _folder = folder;
        Url = $"https://127.0.0.1:{port}";
    }

    public string Url { get; }

    /// <summary>Debian's nginx lives in /usr/sbin, which a non-root PATH may lack.</summary>
    private static string Nginx => File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

    /// <param name="siteConfig">The text of deploy/nginx/ioc.conf.</param>
    /// <param name="upstream">Ioc's base URL, e.g. http://127.0.0.1:5123.</param>
    public static Task<NginxTlsProxy> StartAsync(string siteConfig, string upstream) =>
        StartAsync(siteConfig, new Dictionary<string, string> { ["http://ioc:8080"] = upstream });

    /// <param name="siteConfig">The text of a file in deploy/nginx.</param>
    /// <param name="replacements">Compose host names and what stands for them here, e.g. "server ioc:8080" → "server 127.0.0.1:5123".</param>
    public static async Task<NginxTlsProxy> StartAsync(string siteConfig, IReadOnlyDictionary<string, string> replacements)
    {
        var folder = Directory.CreateTempSubdirectory("ioc-nginx-").FullName;
        WriteCertificate(folder);
        var port = FreePort();
        var site = siteConfig
            .Replace("listen 80;", $"listen 127.0.0.1:{FreePort()};", StringComparison.Ordinal)
            .Replace("listen 443 ssl;", $"listen 127.0.0.1:{port} ssl;", StringComparison.Ordinal)
            .Replace("/etc/nginx/tls/", folder + "/", StringComparison.Ordinal);
        foreach (var (from, to) in replacements)
        {
            site = site.Replace(from, to, StringComparison.Ordinal);
        }

        File.WriteAllText(Path.Combine(folder, "site.conf"), site);
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/site.conf;
            }
            """);

        var output = new ServerOutput();
        var start = HostBoundProcess.StartInfo(Nginx, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;"]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = await HostBoundProcess.StartAsync(start);
        output.Follow(process);
        var proxy = new NginxTlsProxy(process, output, folder, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {process.ExitCode}:\n{output.Text}\n{proxy.ErrorLog()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return proxy;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        await proxy.DisposeAsync();
        throw new TimeoutException($"nginx did not listen within 20 s:\n{output.Text}");
    }

    /// <summary>Accepts this proxy's self-signed certificate and nothing else: the client of a browser that trusts it.</summary>
    public static HttpClientHandler TrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=ioc-test-proxy",
    };

    public string ErrorLog()
    {
        var path = Path.Combine(_folder, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public async ValueTask DisposeAsync()
    {
        await HostBoundProcess.KillAsync(_process);

        Directory.Delete(_folder, recursive: true);
    }

    private static void WriteCertificate(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=ioc-test-proxy", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
