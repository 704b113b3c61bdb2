using System.Net;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>
/// Production behind a TLS-terminating proxy on loopback, named in Ioc:Proxy:KnownProxies: cookies always Secure,
/// HSTS on https answers, and sign-in limits per real client address (the one the proxy forwards), which nobody
/// else can claim.
/// </summary>
public sealed class ReverseProxyTests : IAsyncLifetime
{
    private IocServer _server = null!;

    public static Dictionary<string, string?> Production(string dataDir) => new()
    {
        ["Ioc:Mode"] = "Production",
        ["Ioc:Storage:Kind"] = "Sqlite",
        ["Ioc:Scheduling:Storage"] = "InMemory",
        ["Ioc:Configuration:Store"] = "Sqlite",
        ["Ioc:Storage:Spool:Path"] = Path.Combine(dataDir, "spool"),
    };

    public async Task InitializeAsync()
    {
        var settings = Production(Path.GetTempPath());
        settings["Ioc:Proxy:KnownProxies:0"] = "127.0.0.1";
        settings["Ioc:Access:SignInAttemptsPerMinute"] = "3";
        _server = await IocServer.StartAsync(settings, signIn: false);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EveryCookieIsSecure_AndHstsIsSent_InProductionBehindTheProxy()
    {
        using var browser = Session.BehindTlsProxy(_server.BaseUrl, "203.0.113.7");
        using var login = new HttpRequestMessage(HttpMethod.Get, "/login");
        login.Headers.Host = "ioc.example.gov.vn";
        var page = await browser.Http.SendAsync(login);
        var signIn = await browser.PostSignInAsync("admin", Session.AdminPassword);

        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.Contains("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        var cookies = page.Headers.GetValues("Set-Cookie").Concat(signIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("ioc.antiforgery=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("ioc.session=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/v1/dashboards")).StatusCode);
    }

    [Fact]
    public async Task Pages_Answer403NamingTheFix_WhenTheyArriveOverPlainHttp_AndMachinesStillWrite()
    {
        using var direct = Session.Anonymous(_server.BaseUrl);

        var page = await direct.Http.GetAsync("/login");
        var health = await direct.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("Ioc:Proxy:KnownProxies", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(page.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task SignInLimits_CountEachForwardedClientAlone_SoOneAddressCannotLockOutAnother()
    {
        using var guesser = Session.BehindTlsProxy(_server.BaseUrl, "203.0.113.66");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await guesser.PostSignInAsync($"guess-{i}", "wrong-password")).StatusCode);
        }

        using var admin = await Session.SignInBehindTlsProxyAsync(_server.BaseUrl, "198.51.100.20", "admin", Session.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/v1/dashboards")).StatusCode);
    }

    [Fact]
    public async Task SignInLimits_KeyOnTheAddressTheProxyAdded_NotOnesTheClientClaims()
    {
        // The proxy appends the address it saw to whatever X-Forwarded-For the client sent; only that last one counts.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var spoofer = Session.BehindTlsProxy(_server.BaseUrl, $"198.51.100.{i + 1}, 203.0.113.99");
            statuses.Add((await spoofer.PostSignInAsync($"guess-{i}", "wrong-password")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task StartUp_WarnsLoudly_WhenProductionServesPlainHttpWithNoTrustedProxy()
    {
        var logs = Directory.CreateTempSubdirectory("ioc-logs-").FullName;
        try
        {
            var settings = Production(logs);
            settings["Ioc:Logging:JsonFile"] = Path.Combine(logs, "ioc-.json");
            var proxied = new Dictionary<string, string?>(settings) { ["Ioc:Proxy:KnownProxies:0"] = "10.0.0.0/8" };
            await (await IocServer.StartAsync(settings, signIn: false)).DisposeAsync();
            var unproxiedLog = ReadLog(logs);
            foreach (var file in Directory.GetFiles(logs, "*.json"))
            {
                File.Delete(file);
            }

            await (await IocServer.StartAsync(proxied, signIn: false)).DisposeAsync();

            Assert.Contains(unproxiedLog, l => l.Contains("PRODUCTION OVER PLAIN HTTP", StringComparison.Ordinal) && l.Contains("Fatal", StringComparison.Ordinal) && l.Contains("Ioc:Proxy:KnownProxies", StringComparison.Ordinal));
            Assert.DoesNotContain(ReadLog(logs), l => l.Contains("PRODUCTION OVER PLAIN HTTP", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }

    private static List<string> ReadLog(string folder) =>
        [.. Directory.GetFiles(folder, "*.json").SelectMany(File.ReadAllLines)];
}
