using System.Net;
using System.Net.WebSockets;
using Ioc.Server.Tests.Access;
using Ioc.Server.Tests.Hosting;
using Ioc.Testing;

namespace Ioc.Server.Tests.Deployment;

/// <summary>
/// Production Ioc behind the compose stack's own nginx configuration (deploy/nginx/ioc.conf), run by a real nginx
/// with TLS: what a browser at the province's address meets.
/// </summary>
public sealed class TlsProxyTests : IAsyncLifetime
{
    private IocServer _ioc = null!;
    private NginxTlsProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        var settings = ReverseProxyTests.Production(Path.GetTempPath());
        settings["Ioc:Proxy:KnownProxies:0"] = "127.0.0.1";
        settings["Ioc:Access:SignInAttemptsPerMinute"] = "3";
        _ioc = await IocServer.StartAsync(settings, signIn: false);
        _proxy = await NginxTlsProxy.StartAsync(File.ReadAllText(Path.Combine(IocServer.RepoRoot, "deploy", "nginx", "ioc.conf")), _ioc.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _ioc.DisposeAsync();
    }

    [Fact]
    public async Task ABrowserOverHttps_SignsIn_WithSecureCookiesAndHsts_AndOpensTheLiveHub()
    {
        using var browser = Session.Through(_proxy.Url, NginxTlsProxy.TrustingHandler());

        var signIn = await browser.PostSignInAsync("admin", Session.AdminPassword);
        // HSTS is never sent for loopback names, so the request names the province's host as a browser would.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/dashboards");
        request.Headers.Host = "ioc.example.gov.vn";
        var dashboards = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.All(signIn.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, dashboards.StatusCode);
        Assert.StartsWith("max-age=", dashboards.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.Cookies = browser.Cookies;
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=ioc-test-proxy";
        socket.Options.SetRequestHeader("Origin", _proxy.Url);
        await socket.ConnectAsync(new Uri(_proxy.Url.Replace("https://", "wss://", StringComparison.Ordinal) + "/hubs/live"), CancellationToken.None);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
    }

    [Fact]
    public async Task AClientsOwnForwardedFor_IsNotBelieved_SignInLimitsCountTheAddressNginxSaw()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var spoofer = Session.Through(_proxy.Url, NginxTlsProxy.TrustingHandler());
            spoofer.Http.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            statuses.Add((await spoofer.PostSignInAsync($"guess-{i}", "wrong-password")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
