using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ioc.Bench;

/// <summary>
/// The bench's way into a server that requires authentication: the first admin signs in through the sign-in form
/// as a person would, then issues what the benchmarks need from the admin API (a write key, display tokens).
/// Every server a benchmark starts gets <see cref="ServerArguments"/>, so the admin's password is known.
/// </summary>
internal sealed partial class BenchAccess : IDisposable
{
    public const string AdminUser = "admin";

    public const string AdminPassword = "Đo-hiệu-năng-quản-trị-2026";

    // The empty prefix matches every measurement.
    private static readonly string[] EveryMeasurement = [""];

    private readonly HttpClientHandler _handler;
    private readonly HttpClient _http;

    private BenchAccess(string baseUrl)
    {
        BaseUrl = baseUrl;
        _handler = new HttpClientHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false };
        _http = new HttpClient(_handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The first admin's password, and a sign-in limit that a bench signing in over and over stays under.</summary>
    public static IReadOnlyList<string> ServerArguments { get; } =
        [$"--Ioc:Access:AdminPassword={AdminPassword}", "--Ioc:Access:SignInAttemptsPerMinute=10000"];

    public string BaseUrl { get; }

    /// <summary>The admin's session cookie: reads, the admin API and the live hub accept it.</summary>
    public CookieContainer Cookies { get; } = new();

    /// <summary>An API key that may write every measurement (<c>Authorization: Token &lt;key&gt;</c>); empty unless asked for.</summary>
    public string WriteKey { get; private set; } = "";

    /// <summary>Signs in as the first admin and, unless told not to, creates a key for <c>POST /api/v1/write</c>.</summary>
    public static async Task<BenchAccess> SignInAsync(string baseUrl, bool createWriteKey = true)
    {
        var access = new BenchAccess(baseUrl);
        try
        {
            await access.PostSignInFormAsync();
            if (createWriteKey)
            {
                access.WriteKey = await access.CreateAsync("/api/v1/admin/api-keys", new { name = "bench", measurementPrefixes = EveryMeasurement });
            }

            return access;
        }
        catch
        {
            access.Dispose();
            throw;
        }
    }

    /// <summary>A client for the ingest API, carrying the write key.</summary>
    public HttpClient CreateWriter(TimeSpan? timeout = null)
    {
        if (WriteKey.Length == 0)
        {
            throw new InvalidOperationException("sign in with a write key first");
        }

        var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", WriteKey);
        return http;
    }

    /// <summary>A display token for one dashboard, the secret a wall screen is set up with.</summary>
    public Task<string> CreateDisplayTokenAsync(string dashboardId) =>
        CreateAsync("/api/v1/admin/display-tokens", new { name = "bench", dashboardId, days = 1 });

    /// <summary>What a wall screen's kiosk page does with its token: trades it for a display cookie.</summary>
    public static async Task<CookieContainer> KioskCookiesAsync(string baseUrl, string displayToken)
    {
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync("/kiosk/session", new { token = displayToken });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"/kiosk/session answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return cookies;
    }

    public void Dispose()
    {
        _http.Dispose();
        _handler.Dispose();
    }

    private async Task PostSignInFormAsync()
    {
        // The sign-in page is a Blazor form: its hidden fields carry the handler name and the antiforgery token.
        var page = await _http.GetStringAsync("/login");
        var form = HiddenFields(page);
        form["Form.UserName"] = AdminUser;
        form["Form.Password"] = AdminPassword;
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync("/login", content);
        if (response.StatusCode != HttpStatusCode.Found)
        {
            throw new InvalidOperationException($"sign-in as {AdminUser} answered {(int)response.StatusCode}; was the server started with BenchAccess.ServerArguments?");
        }
    }

    private async Task<string> CreateAsync(string path, object request)
    {
        using var response = await _http.PostAsJsonAsync(path, request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
        }

        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("secret").GetString()!;
    }

    private static Dictionary<string, string> HiddenFields(string html)
    {
        var forms = FormPattern().Matches(html).Select(m => m.Value).ToList();
        var form = forms.FirstOrDefault(f => f.Contains("_handler", StringComparison.Ordinal)) ?? forms.FirstOrDefault() ?? "";
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in HiddenPattern().Matches(form))
        {
            fields[WebUtility.HtmlDecode(input.Groups["name"].Value)] = WebUtility.HtmlDecode(input.Groups["value"].Value);
        }

        return fields;
    }

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input(?=[^>]*type=\"hidden\")(?=[^>]*name=\"(?<name>[^\"]*)\")(?=[^>]*value=\"(?<value>[^\"]*)\")[^>]*>")]
    private static partial Regex HiddenPattern();
}
