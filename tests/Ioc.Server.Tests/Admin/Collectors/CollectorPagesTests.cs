using System.Net;
using System.Text.RegularExpressions;
using Ioc.Core.Access;
using Ioc.Server.Features.Collectors;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ioc.Server.Tests.Admin.Collectors;

public sealed class CollectorPagesFixture : IAsyncLifetime
{
    public IocServer Server { get; private set; } = null!;

    /// <summary>A source under maintenance: it answers 503 with a page saying so.</summary>
    public LocalSource Maintenance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Maintenance = await LocalSource.StartAsync(routes => routes.MapGet("/tram/song-hong", () =>
            Results.Text("Trạm đang bảo trì đến 14:00", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable)));
        Server = await IocServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Maintenance.DisposeAsync();
    }
}

/// <summary>The collectors pages driven over HTTP as a browser posts them, against the real server and its embedded simulator.</summary>
public sealed partial class CollectorPagesTests(CollectorPagesFixture fixture) : IClassFixture<CollectorPagesFixture>
{
    private const string Password = "Mật-khẩu-thử-2026";

    private const string SimulatorSpec = """
        url: ${SIMULATOR_URL}/sim/portal/records
        mappings:
          - items: $.units[*]
            measurement: ui_records
            tags: { unit: $.code }
            fields: { received_today: $.receivedToday }
        """;

    private IocServer Server => fixture.Server;

    private Session Admin => Server.Admin;

    [Fact]
    public async Task List_ShowsEveryProvisionedCollector_WithItsFile()
    {
        var page = await GetPageAsync("/admin/collectors");

        foreach (var file in Directory.GetFiles(Path.Combine(IocServer.RepoRoot, "collectors"), "*.yaml"))
        {
            var id = Path.GetFileNameWithoutExtension(file);
            Assert.Matches($"(?s)<tr data-collector-id=\"{Regex.Escape(id)}\">.*?data-origin=\"provisioned\"[^>]*>tệp</span>.*?collectors/{Regex.Escape(Path.GetFileName(file))}.*?</tr>", page);
        }

        Assert.Contains("href=\"admin/collectors/new\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadersAndOperators_AreDeniedTheCollectorsPages_AndAnonymousVisitorsSentToSignIn()
    {
        string[] pages = ["/admin/collectors", "/admin/collectors/new", "/admin/collectors/portal-services", "/admin/collectors/portal-services/edit"];
        foreach (var role in new[] { Roles.Leader, Roles.Operator })
        {
            var name = Unique(role);
            await Admin.CreateUserAsync(name, role, Password);
            using var person = await Session.SignInAsync(Server.BaseUrl, name, Password);
            foreach (var path in pages)
            {
                using var response = await person.Http.GetAsync(path);

                var denied = response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Found && response.Headers.Location!.ToString().Contains("/denied", StringComparison.Ordinal));
                Assert.True(denied, $"{role} on {path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        using var anonymous = Session.Anonymous(Server.BaseUrl);
        foreach (var path in pages)
        {
            using var response = await anonymous.Http.GetAsync(path);

            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Assert.Equal("/login", new Uri(new Uri(Server.BaseUrl), response.Headers.Location!).AbsolutePath);
        }
    }

    [Fact]
    public async Task SavingAnInvalidSchedule_ShowsTheMessageNextToTheScheduleField_AndSavesNothing()
    {
        var id = Unique("lich-sai");

        using var response = await PostCollectorAsync("/admin/collectors/new", Fields(id, SimulatorSpec, schedule: "mỗi năm phút"), "save");

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("(?s)name=\"Form.Schedule\"(?:(?!</label>).)*class=\"error field-problem\" data-field=\"schedule\">[^<]+</span>", page);
        Assert.Contains("value=\"mỗi năm phút\"", page, StringComparison.Ordinal);
        Assert.Null(await Server.Get<CollectorAdministration>().GetAsync(id));
    }

    [Fact]
    public async Task SavingABadSpec_ShowsTheMessageBesideTheSpecEditor_WithItsPath()
    {
        var spec = SimulatorSpec.Replace("url: ${SIMULATOR_URL}/sim/portal/records", "url: not a url", StringComparison.Ordinal);

        using var response = await PostCollectorAsync("/admin/collectors/new", Fields(Unique("spec-sai"), spec), "save");

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("(?s)<div class=\"spec-problems\">\\s*<p class=\"error field-problem\" data-field=\"spec\\.url\"><code>spec\\.url</code>: [^<]+</p>", page);
    }

    [Fact]
    public async Task ProvisionedCollectorsEditPage_ShowsTheDocumentReadOnly_WithCopyAndExport_ButNoSaveButton()
    {
        var page = await GetPageAsync("/admin/collectors/portal-services/edit");

        Assert.Contains("id=\"read-only\"", page, StringComparison.Ordinal);
        Assert.Contains("collectors/portal-services.yaml", page, StringComparison.Ordinal);
        Assert.Contains("url: ${SIMULATOR_URL}/sim/portal/services", page, StringComparison.Ordinal);
        Assert.Contains("href=\"admin/collectors/new?from=portal-services\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"api/v1/collectors/portal-services/export\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"save\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<textarea", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CopyAsNew_OpensTheFormWithTheDocument_UnderANewId()
    {
        var page = await GetPageAsync("/admin/collectors/new?from=portal-services");

        Assert.Contains("name=\"Form.Id\" value=\"portal-services-copy\"", page, StringComparison.Ordinal);
        Assert.Contains("url: ${SIMULATOR_URL}/sim/portal/services", page, StringComparison.Ordinal);
        Assert.Contains("id=\"save\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRun_ShowsThePointsItWouldWrite_AndStoresNothing()
    {
        var id = Unique("chay-thu");

        using var response = await PostCollectorAsync("/admin/collectors/new", Fields(id, SimulatorSpec), "test");

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-succeeded=\"true\"", page, StringComparison.Ordinal);
        Assert.Matches("(?s)<table class=\"points\" id=\"test-points\">.*<code>ui_records</code></td>\\s*<td>unit=[^<]+</td>\\s*<td>received_today=\\d+</td>", page);
        Assert.Null(await Server.Get<CollectorAdministration>().GetAsync(id));
    }

    [Fact]
    public async Task TestRun_OfAFailingSource_ShowsItsAddressAndHttpStatusInTheErrorBox()
    {
        var spec = SimulatorSpec.Replace("${SIMULATOR_URL}/sim/portal/records", fixture.Maintenance.BaseUrl + "/tram/song-hong", StringComparison.Ordinal);

        using var response = await PostCollectorAsync("/admin/collectors/new", Fields(Unique("chay-loi"), spec), "test");

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var error = TestError().Match(page);
        Assert.True(error.Success, page);
        Assert.Contains($"GET {fixture.Maintenance.BaseUrl}/tram/song-hong answered 503", error.Groups["error"].Value, StringComparison.Ordinal);
        Assert.Contains("data-succeeded=\"false\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"test-points\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavedCollector_OpensItsDetailPage_AndTheListShowsItMadeInIoc()
    {
        var id = Unique("luu-moi");

        using var saved = await PostCollectorAsync("/admin/collectors/new", Fields(id, SimulatorSpec), "save");

        Assert.Equal(HttpStatusCode.Found, saved.StatusCode);
        Assert.Equal($"/admin/collectors/{id}", new Uri(new Uri(Server.BaseUrl), saved.Headers.Location!).AbsolutePath);
        var detail = await GetPageAsync($"/admin/collectors/{id}?saved=1");
        Assert.Contains("id=\"done\"", detail, StringComparison.Ordinal);
        Assert.Contains("measurement: ui_records", detail, StringComparison.Ordinal);
        Assert.Contains($"href=\"admin/collectors/{id}/edit\"", detail, StringComparison.Ordinal);
        var list = await GetPageAsync("/admin/collectors");
        Assert.Matches($"(?s)<tr data-collector-id=\"{id}\">.*?data-origin=\"admin\"[^>]*>tạo trong IOC</span>", list);
    }

    [Fact]
    public async Task EditingASavedCollector_ChangesItsSchedule()
    {
        var id = Unique("sua-lich");
        using var saved = await PostCollectorAsync("/admin/collectors/new", Fields(id, SimulatorSpec), "save");
        Assert.Equal(HttpStatusCode.Found, saved.StatusCode);

        var form = await GetPageAsync($"/admin/collectors/{id}/edit");
        Assert.Contains($"name=\"Form.Id\" value=\"{id}\" readonly", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Form.Schedule\" value=\"*/30 * * * * *\"", form, StringComparison.Ordinal);
        Assert.Contains("measurement: ui_records", form, StringComparison.Ordinal);

        using var edited = await PostCollectorAsync($"/admin/collectors/{id}/edit", Fields(id, SimulatorSpec, schedule: "0 */15 * * * *"), "save");

        Assert.Equal(HttpStatusCode.Found, edited.StatusCode);
        Assert.Equal("0 */15 * * * *", (await Server.Get<CollectorAdministration>().GetAsync(id))!.Schedule);
    }

    [Fact]
    public async Task Delete_AsksFirst_ThenRemovesTheCollector()
    {
        var id = Unique("xoa");
        using var saved = await PostCollectorAsync("/admin/collectors/new", Fields(id, SimulatorSpec), "save");
        Assert.Equal(HttpStatusCode.Found, saved.StatusCode);

        var detail = await GetPageAsync($"/admin/collectors/{id}");
        Assert.Contains($"href=\"admin/collectors/{id}?confirm=delete\" id=\"delete\"", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"confirm-delete\"", detail, StringComparison.Ordinal);
        var question = await GetPageAsync($"/admin/collectors/{id}?confirm=delete");
        Assert.Contains("id=\"confirm-delete\"", question, StringComparison.Ordinal);
        Assert.NotNull(await Server.Get<CollectorAdministration>().GetAsync(id));

        using var confirmed = await Admin.PostFormAsync($"/admin/collectors/{id}?confirm=delete", new Dictionary<string, string>(), "confirm-delete");

        Assert.Equal(HttpStatusCode.Found, confirmed.StatusCode);
        Assert.Null(await Server.Get<CollectorAdministration>().GetAsync(id));
    }

    [Fact]
    public async Task PausingFromTheList_ShowsItPaused_AndResumingShowsItsStateAgain()
    {
        var id = Unique("tam-dung");
        using var saved = await PostCollectorAsync("/admin/collectors/new", Fields(id, SimulatorSpec), "save");
        Assert.Equal(HttpStatusCode.Found, saved.StatusCode);

        using var paused = await Admin.PostFormAsync("/admin/collectors", new Dictionary<string, string>(), "pause-" + id);

        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Matches($"(?s)<tr data-collector-id=\"{id}\">.*?data-state=\"paused\">tạm dừng</span>", WebUtility.HtmlDecode(await paused.Content.ReadAsStringAsync()));
        Assert.True((await Server.Get<CollectorAdministration>().GetAsync(id))!.Paused);

        using var resumed = await Admin.PostFormAsync("/admin/collectors", new Dictionary<string, string>(), "pause-" + id);

        Assert.DoesNotMatch($"(?s)<tr data-collector-id=\"{id}\">(?:(?!</tr>).)*data-state=\"paused\"", await resumed.Content.ReadAsStringAsync());
        Assert.False((await Server.Get<CollectorAdministration>().GetAsync(id))!.Paused);
    }

    [Fact]
    public async Task BackfillFromThePage_ShowsItsProgress_UntilEveryPastSlotIsCollected()
    {
        var to = DateTimeOffset.UtcNow.AddMinutes(-2);
        var from = to.AddMinutes(-1);
        var window = new Dictionary<string, string>
        {
            ["Window.From"] = from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["Window.To"] = to.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        };

        using var started = await Admin.PostFormAsync("/admin/collectors/portal-services", window, "backfill");

        var page = WebUtility.HtmlDecode(await started.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Contains("id=\"backfill\"", page, StringComparison.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!page.Contains("data-finished=\"true\"", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Assert.Contains("http-equiv=\"refresh\"", page, StringComparison.Ordinal);
            await Task.Delay(250);
            page = await GetPageAsync("/admin/collectors/portal-services");
        }

        Assert.Matches("Đã xong (\\d+)/\\1 lượt, 0 lượt lỗi", page);
        Assert.DoesNotContain("http-equiv=\"refresh\"", page, StringComparison.Ordinal);

        // The history is written in batches, a moment after the runs.
        while (!ReplayInHistory().IsMatch(page) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            page = await GetPageAsync("/admin/collectors/portal-services");
        }

        Assert.Matches(ReplayInHistory(), page);
    }

    [Fact]
    public async Task SavingUnderAProvisionedCollectorsId_SaysTheIdIsTaken()
    {
        using var response = await PostCollectorAsync("/admin/collectors/new", Fields("portal-services", SimulatorSpec), "save");

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Matches("<p class=\"error\" role=\"alert\" id=\"save-message\">Mã này đã được dùng\\.", page);
        Assert.Equal(CollectorOrigin.Provisioned, (await Server.Get<CollectorAdministration>().GetAsync("portal-services"))!.Origin);
    }

    [Fact]
    public async Task TestRunOfAnInvalidDefinition_RunsNothing_AndShowsTheProblemNextToItsField()
    {
        using var response = await PostCollectorAsync("/admin/collectors/new", Fields(Unique("thu-sai"), SimulatorSpec, timeout: "năm giây"), "test");

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("data-succeeded=\"false\"", page, StringComparison.Ordinal);
        Assert.Matches("(?s)name=\"Form.Timeout\"(?:(?!</label>).)*class=\"error field-problem\" data-field=\"timeout\">[^<]+</span>", page);
        Assert.DoesNotContain("id=\"test-points\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task YamlMode_ShowsTheWholeDocument_AndSavesWhatWasEditedThere()
    {
        var id = Unique("yaml");
        using var switched = await PostCollectorAsync("/admin/collectors/new", Fields(id, SimulatorSpec), "yaml");
        var page = WebUtility.HtmlDecode(await switched.Content.ReadAsStringAsync());
        var document = YamlDocument().Match(page).Groups["document"].Value;
        Assert.Contains($"id: \"{id}\"", document, StringComparison.Ordinal);
        Assert.Contains("    measurement: ui_records", document, StringComparison.Ordinal);
        Assert.Contains("name=\"Form.Mode\" value=\"yaml\"", page, StringComparison.Ordinal);

        var edited = document.Replace("measurement: ui_records", "measurement: ui_records_yaml", StringComparison.Ordinal);
        using var saved = await PostCollectorAsync("/admin/collectors/new", new Dictionary<string, string> { ["Form.Mode"] = "yaml", ["Form.Document"] = edited }, "save");

        Assert.Equal(HttpStatusCode.Found, saved.StatusCode);
        Assert.Contains("measurement: ui_records_yaml", (await Server.Get<CollectorAdministration>().GetAsync(id))!.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunNowFromTheList_QueuesARun_AndSaysSo()
    {
        using var response = await Admin.PostFormAsync("/admin/collectors", new Dictionary<string, string>(), "run-portal-services");

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<p class=\"notice\" role=\"status\">Đã xếp lượt chạy ngay cho portal-services.</p>", page, StringComparison.Ordinal);
    }

    private async Task<string> GetPageAsync(string path)
    {
        using var response = await Admin.Http.GetAsync(path);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}\n{page}");
        return page;
    }

    private Task<HttpResponseMessage> PostCollectorAsync(string path, Dictionary<string, string> fields, string action)
    {
        fields["Form.Action"] = action;
        return Admin.PostFormAsync(path, fields, "collector");
    }

    private static Dictionary<string, string> Fields(string id, string spec, string schedule = "*/30 * * * * *", string timeout = "5s") => new()
    {
        ["Form.Mode"] = "form",
        ["Form.Id"] = id,
        ["Form.Name"] = "Hồ sơ một cửa — thử",
        ["Form.Kind"] = "http-json",
        ["Form.Schedule"] = schedule,
        ["Form.Timeout"] = timeout,
        ["Form.Enabled"] = "true",
        ["Form.Spec"] = spec,
    };

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    [GeneratedRegex("(?s)<table class=\"runs\" id=\"history\">.*<td>thu bù</td>")]
    private static partial Regex ReplayInHistory();

    [GeneratedRegex("<textarea name=\"Form.Document\"[^>]*>(?<document>[^<]*)</textarea>")]
    private static partial Regex YamlDocument();

    [GeneratedRegex("<pre class=\"test-error\" role=\"alert\">(?<error>[^<]*)</pre>")]
    private static partial Regex TestError();
}
