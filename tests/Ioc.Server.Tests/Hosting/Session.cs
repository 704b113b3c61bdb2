using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ioc.Server.Tests.Hosting;

/// <summary>
/// A browser-like client of one Ioc: cookies, the sign-in form with its antiforgery token, and the admin API
/// that issues keys and display tokens.
/// </summary>
public sealed partial class Session : IDisposable
{
    /// <summary>The first admin's password in every test server.</summary>
    public const string AdminPassword = "Thử-nghiệm-quản-trị-2026";

    private Session(string baseUrl, HttpClientHandler handler)
    {
        handler.CookieContainer = Cookies;
        handler.UseCookies = true;
        handler.AllowAutoRedirect = false;
        Handler = handler;
        Http = new HttpClient(Handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    private Session(string baseUrl, string? forwardedFor = null)
    {
        if (forwardedFor is null)
        {
            Handler = new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true };
            Http = new HttpClient(Handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
            return;
        }

        Handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        Http = new HttpClient(new TlsProxyCookies(Cookies) { InnerHandler = Handler }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        Http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
    }

    public CookieContainer Cookies { get; } = new();

    public HttpClientHandler Handler { get; }

    public HttpClient Http { get; }

    public static Session Anonymous(string baseUrl) => new(baseUrl);

    /// <summary>A browser whose connections <paramref name="handler"/> makes (one that trusts a test certificate, say).</summary>
    public static Session Through(string baseUrl, HttpClientHandler handler) => new(baseUrl, handler);

    /// <summary>
    /// A browser at <paramref name="clientAddress"/> reaching Ioc through a TLS-terminating proxy on loopback (the
    /// server must trust 127.0.0.1 in Ioc:Proxy:KnownProxies): the proxy's forwarded headers on every request, and
    /// Secure cookies kept and sent back as a browser on https would.
    /// </summary>
    public static Session BehindTlsProxy(string baseUrl, string clientAddress) => new(baseUrl, clientAddress);

    public static async Task<Session> SignInBehindTlsProxyAsync(string baseUrl, string clientAddress, string user, string password)
    {
        var session = BehindTlsProxy(baseUrl, clientAddress);
        using var response = await session.PostSignInAsync(user, password);
        if (response.StatusCode != HttpStatusCode.Found)
        {
            session.Dispose();
            throw new InvalidOperationException($"sign-in as {user} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return session;
    }

    /// <summary>Signs in through the sign-in page as a person would; fails the test unless it redirects.</summary>
    public static async Task<Session> SignInAsync(string baseUrl, string user, string password)
    {
        var session = new Session(baseUrl);
        using var response = await session.PostSignInAsync(user, password);
        if (response.StatusCode != HttpStatusCode.Found)
        {
            session.Dispose();
            throw new InvalidOperationException($"sign-in as {user} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return session;
    }

    /// <summary>Posts the sign-in form once (after reading it for its antiforgery token) and returns the answer.</summary>
    public async Task<HttpResponseMessage> PostSignInAsync(string user, string password) =>
        await PostFormAsync("/login", new Dictionary<string, string> { ["Form.UserName"] = user, ["Form.Password"] = password });

    /// <summary>Reads the page's form (hidden fields included) and posts it with these fields filled in.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields, string? formName = null)
    {
        var page = await Http.GetStringAsync(path);
        var form = new Dictionary<string, string>(HiddenFields(page, formName));
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        using var content = new FormUrlEncodedContent(form);
        return await Http.PostAsync(path, content);
    }

    /// <summary>A key that may write every measurement (or those starting with the prefixes given).</summary>
    public async Task<string> CreateApiKeyAsync(string name = "test", params string[] prefixes)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/admin/api-keys", new { name, measurementPrefixes = prefixes.Length == 0 ? [""] : prefixes });
        return (await Created(response)).GetProperty("secret").GetString()!;
    }

    /// <summary>A key that reads /metrics and nothing else.</summary>
    public async Task<string> CreateMetricsKeyAsync(string name = "prometheus")
    {
        var response = await Http.PostAsJsonAsync("/api/v1/admin/api-keys", new { name, scope = "metrics" });
        return (await Created(response)).GetProperty("secret").GetString()!;
    }

    public async Task<(string Id, string Secret)> CreateDisplayTokenAsync(string dashboardId = "operations-wall", string name = "wall screen")
    {
        var response = await Http.PostAsJsonAsync("/api/v1/admin/display-tokens", new { name, dashboardId, days = 30 });
        var body = await Created(response);
        return (body.GetProperty("token").GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    /// <summary>Creates a person; returns the password to sign in with (one-time when none is given).</summary>
    public async Task<string> CreateUserAsync(string name, string role, string? password = null)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/admin/users", new { name, role, password });
        var body = await Created(response);
        return password ?? body.GetProperty("oneTimePassword").GetString()!;
    }

    /// <summary>A client holding the display cookie the kiosk page trades the token for.</summary>
    public static async Task<Session> KioskAsync(string baseUrl, string token)
    {
        var session = new Session(baseUrl);
        var response = await session.Http.PostAsJsonAsync("/kiosk/session", new { token });
        if (!response.IsSuccessStatusCode)
        {
            session.Dispose();
            throw new InvalidOperationException($"kiosk session answered {(int)response.StatusCode}");
        }

        return session;
    }

    /// <summary>Signs out with the form an admin page carries (antiforgery token included); returns the answer.</summary>
    public async Task<HttpResponseMessage> SignOutAsync(string fromPage = "/admin")
    {
        var page = await Http.GetStringAsync(fromPage);
        var form = FormPattern().Matches(page).Select(m => m.Value).First(f => f.Contains("logout\"", StringComparison.Ordinal));
        var fields = HiddenPattern().Matches(form).ToDictionary(i => WebUtility.HtmlDecode(i.Groups["name"].Value), i => WebUtility.HtmlDecode(i.Groups["value"].Value));
        using var content = new FormUrlEncodedContent(fields);
        return await Http.PostAsync("/logout", content);
    }

    /// <summary>Another client carrying a copy of this one's cookies, as a stolen or replayed cookie would be.</summary>
    public Session Copy()
    {
        var copy = new Session(Http.BaseAddress!.ToString());
        copy.Cookies.Add(Cookies.GetAllCookies());
        return copy;
    }

    public void Dispose()
    {
        Http.Dispose();
        Handler.Dispose();
    }

    private static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static IEnumerable<KeyValuePair<string, string>> HiddenFields(string html, string? formName)
    {
        var forms = FormPattern().Matches(html).Select(m => m.Value).ToList();
        var form = formName is null ? forms.FirstOrDefault(f => f.Contains("_handler", StringComparison.Ordinal)) ?? forms.FirstOrDefault() : forms.FirstOrDefault(f => f.Contains($"value=\"{formName}\"", StringComparison.Ordinal));
        foreach (Match input in HiddenPattern().Matches(form ?? ""))
        {
            yield return new(WebUtility.HtmlDecode(input.Groups["name"].Value), WebUtility.HtmlDecode(input.Groups["value"].Value));
        }
    }

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input(?=[^>]*type=\"hidden\")(?=[^>]*name=\"(?<name>[^\"]*)\")(?=[^>]*value=\"(?<value>[^\"]*)\")[^>]*>")]
    private static partial Regex HiddenPattern();

    /// <summary>Keeps cookies as the browser on the proxy's https side sees them.</summary>
    internal sealed class TlsProxyCookies(CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var https = new UriBuilder(request.RequestUri!) { Scheme = "https", Port = request.RequestUri!.Port }.Uri;
            var header = cookies.GetCookieHeader(https);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    cookies.SetCookies(https, cookie);
                }
            }

            return response;
        }
    }
}
