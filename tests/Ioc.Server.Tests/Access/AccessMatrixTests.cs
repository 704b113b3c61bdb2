using System.Net;
using System.Text;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Server.Tests.Access;

/// <summary>
/// Every HTTP endpoint the server maps, asked by every kind of caller: each gets exactly what its role allows.
/// A new endpoint without a row here fails the first test, so nothing is published without a decision.
/// </summary>
public sealed class AccessMatrixTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private const string Persons = "admin leader operator";
    private const string Everyone = "anonymous admin leader operator display writer scraper";

    /// <summary>Route pattern → a request to make and who may make it. Docs: docs/access.md.</summary>
    private static readonly (string Method, string Pattern, string Path, string? Body, string Allowed)[] Matrix =
    [
        ("ANY", "/healthz", "/healthz", null, Everyone),
        ("ANY", "/readyz", "/readyz", null, Everyone),
        ("ANY", "/metrics", "/metrics", null, "admin scraper"),
        ("GET", "/sim/portal/services", "/sim/portal/services", null, Everyone),
        ("GET", "/sim/portal/records", "/sim/portal/records", null, Everyone),
        ("GET", "/sim/edoc/exchange", "/sim/edoc/exchange", null, Everyone),
        ("GET", "/sim/payments/summary", "/sim/payments/summary", null, Everyone),
        ("GET", "/sim/eid/registrations", "/sim/eid/registrations", null, Everyone),
        ("GET", "/sim/portal/records-by-sector", "/sim/portal/records-by-sector", null, Everyone),
        ("GET", "/sim/signatures/summary", "/sim/signatures/summary", null, Everyone),
        ("GET", "/sim/security/approvals", "/sim/security/approvals", null, Everyone),
        ("GET", "/sim/infrastructure/broadband", "/sim/infrastructure/broadband", null, Everyone),
        ("GET", "/sim/reports/annual", "/sim/reports/annual", null, Everyone),
        ("GET", "/sim/profile", "/sim/profile", null, Everyone),
        ("GET", "/sim/portal/service-index-inputs", "/sim/portal/service-index-inputs", null, Everyone),
        ("GET", "/login", "/login", null, Everyone),
        ("POST", "/login", "/login", "form", Everyone),
        ("GET", "/login/oidc", "/login/oidc", null, Everyone),
        ("GET", "/denied", "/denied", null, Everyone),
        ("POST", "/denied", "/denied", "form", Everyone),
        ("GET", "/kiosk", "/kiosk", null, Everyone),
        ("POST", "/kiosk", "/kiosk", "form", Everyone),
        ("POST", "/kiosk/session", "/kiosk/session", """{"token":"ioc_d_000000000000_not-a-token"}""", Everyone),
        ("POST", "/logout", "/logout", "form", Everyone),
        ("POST", "/language", "/language", "form", Everyone),
        ("GET", "/account/password", "/account/password", null, Persons),
        ("POST", "/account/password", "/account/password", "form", Persons),
        ("GET", "/", "/", null, Persons),
        ("GET", "/d", "/d", null, Persons),
        ("GET", "/d/{id}", "/d/operations-wall", null, Persons + " display"),
        ("GET", "/api/v1/dashboards/", "/api/v1/dashboards/", null, Persons),
        ("GET", "/p/{id}", "/p/" + AccessFixture.WallPlaylist, null, Persons),
        ("GET", "/api/v1/playlists/", "/api/v1/playlists/", null, Persons),
        ("GET", "/api/v1/playlists/{id}", "/api/v1/playlists/" + AccessFixture.WallPlaylist, null, Persons),
        ("GET", "/admin/playlists", "/admin/playlists", null, "admin"),
        ("POST", "/admin/playlists", "/admin/playlists", "form", "admin"),
        ("GET", "/api/v1/dashboards/{id}", "/api/v1/dashboards/operations-wall", null, Persons + " display"),
        ("GET", "/api/v1/dashboards/{id}/data", "/api/v1/dashboards/operations-wall/data", null, Persons + " display"),
        ("GET", "/api/v1/dashboards/{id}/sources", "/api/v1/dashboards/operations-wall/sources", null, Persons + " display"),
        ("GET", "/api/v1/provenance/", "/api/v1/provenance?measurement=dvc_records&tags[level]=province&field=online_rate", null, Persons + " display"),
        ("POST", "/api/v1/provenance/", "/api/v1/provenance", """{"measurement":"dvc_records","tags":{"level":"province"},"field":"online_rate"}""", Persons + " display"),
        ("GET", "/api/v1/dashboards/{id}/panels/{panelId}/comparison", "/api/v1/dashboards/operations-wall/panels/none/comparison", null, Persons + " display"),
        ("GET", "/api/v1/dashboards/{id}/panels/{panelId}/breakdown", "/api/v1/dashboards/operations-wall/panels/none/breakdown", null, Persons + " display"),
        ("POST", "/api/v1/query/range", "/api/v1/query/range", """{"queries":[{"measurement":"dvc_records","field":"online_rate"}],"from":0,"to":1,"maxPoints":10}""", "admin leader"),
        ("POST", "/api/v1/query/last", "/api/v1/query/last", """{"queries":[{"measurement":"dvc_records","field":"online_rate"}]}""", "admin leader"),
        ("GET", "/api/v1/plans", "/api/v1/plans", null, "admin leader"),
        ("GET", "/api/v1/plans/{id}", "/api/v1/plans/ha-tinh-cds", null, "admin leader"),
        ("GET", "/api/v1/targets", "/api/v1/targets?plan=ha-tinh-cds", null, "admin leader"),
        ("GET", "/plans", "/plans", null, "admin leader"),
        ("POST", "/plans", "/plans", "form", "admin leader"),
        ("GET", "/plans/{Id}", "/plans/ha-tinh-cds", null, "admin leader"),
        ("POST", "/plans/{Id}", "/plans/ha-tinh-cds", "form", "admin leader"),
        ("GET", "/api/v1/units/", "/api/v1/units", null, "admin leader"),
        ("GET", "/api/v1/units/{code}", "/api/v1/units/42", null, "admin leader"),
        ("POST", "/api/v1/query/units", "/api/v1/query/units", """{"measure":{"series":{"measurement":"dvc_records","field":"received"}},"level":"commune"}""", "admin leader"),
        ("GET", "/api/v1/service-index/", "/api/v1/service-index?level=commune", null, "admin leader"),
        ("GET", "/api/v1/service-index/{code}", "/api/v1/service-index/HT", null, "admin leader"),
        ("GET", "/api/v1/collectors/", "/api/v1/collectors", null, "admin"),
        ("GET", "/api/v1/collectors/{id}/runs", "/api/v1/collectors/portal-records/runs", null, "admin"),
        ("POST", "/api/v1/collectors/", "/api/v1/collectors", "{}", "admin"),
        ("POST", "/api/v1/collectors/test", "/api/v1/collectors/test", "{}", "admin"),
        ("GET", "/api/v1/collectors/{id}", "/api/v1/collectors/portal-records", null, "admin"),
        ("PUT", "/api/v1/collectors/{id}", "/api/v1/collectors/nobody", "{}", "admin"),
        ("DELETE", "/api/v1/collectors/{id}", "/api/v1/collectors/nobody", null, "admin"),
        ("GET", "/api/v1/collectors/{id}/export", "/api/v1/collectors/portal-records/export", null, "admin"),
        ("POST", "/api/v1/collectors/{id}/enable", "/api/v1/collectors/nobody/enable", "", "admin"),
        ("POST", "/api/v1/collectors/{id}/disable", "/api/v1/collectors/nobody/disable", "", "admin"),
        ("POST", "/api/v1/collectors/{id}/run", "/api/v1/collectors/nobody/run", "", "admin"),
        ("POST", "/api/v1/collectors/{id}/backfill", "/api/v1/collectors/nobody/backfill", "{}", "admin"),
        ("GET", "/api/v1/collectors/{id}/backfill", "/api/v1/collectors/nobody/backfill", null, "admin"),
        ("POST", "/api/v1/collectors/{id}/files", "/api/v1/collectors/nobody/files?name=x.csv", "", "admin"),
        ("POST", "/admin/collectors/{id}/upload", "/admin/collectors/nobody/upload", "form", "admin"),
        ("GET", "/api/v1/sources", "/api/v1/sources", null, "admin"),
        ("GET", "/api/v1/collectors/{id}/entries/", "/api/v1/collectors/dti-index/entries", null, "admin"),
        ("POST", "/api/v1/collectors/{id}/entries/", "/api/v1/collectors/dti-index/entries", "{}", "admin"),
        ("POST", "/api/v1/write", "/api/v1/write?precision=ms", "line", "writer"),
        ("POST", "/api/v2/write", "/api/v2/write?precision=ms", "line", "writer"),
        ("POST", "/write", "/write?db=ioc&precision=ms", "line", "writer"),
        ("GET", "/query", "/query?q=SHOW+DATABASES", null, "writer"),
        ("POST", "/query", "/query?q=CREATE+DATABASE+ioc", "", "writer"),
        ("GET", "/ping", "/ping", null, Everyone),
        ("HEAD", "/ping", "/ping", null, Everyone),
        ("GET", "/health", "/health", null, Everyone),
        ("ANY", "/hubs/live/negotiate", "/hubs/live/negotiate?negotiateVersion=1", "", Persons + " display"),
        ("ANY", "/hubs/live", "/hubs/live", null, Persons + " display"),
        ("GET", "/api/v1/admin/users", "/api/v1/admin/users", null, "admin"),
        ("POST", "/api/v1/admin/users", "/api/v1/admin/users", "{}", "admin"),
        ("PUT", "/api/v1/admin/users/{name}/role", "/api/v1/admin/users/nobody/role", "{}", "admin"),
        ("POST", "/api/v1/admin/users/{name}/password-reset", "/api/v1/admin/users/nobody/password-reset", "", "admin"),
        ("POST", "/api/v1/admin/users/{name}/unlock", "/api/v1/admin/users/nobody/unlock", "", "admin"),
        ("DELETE", "/api/v1/admin/users/{name}", "/api/v1/admin/users/nobody", null, "admin"),
        ("GET", "/api/v1/admin/display-tokens", "/api/v1/admin/display-tokens", null, "admin"),
        ("POST", "/api/v1/admin/display-tokens", "/api/v1/admin/display-tokens", "{}", "admin"),
        ("DELETE", "/api/v1/admin/display-tokens/{id}", "/api/v1/admin/display-tokens/000000000000", null, "admin"),
        ("GET", "/api/v1/admin/screens/", "/api/v1/admin/screens", null, "admin"),
        ("POST", "/api/v1/admin/screens/reload", "/api/v1/admin/screens/reload", null, "admin"),
        ("POST", "/api/v1/admin/screens/{id}/reload", "/api/v1/admin/screens/no-such-screen/reload", null, "admin"),
        ("DELETE", "/api/v1/admin/screens/{id}", "/api/v1/admin/screens/no-such-screen", null, "admin"),
        ("GET", "/api/v1/admin/api-keys", "/api/v1/admin/api-keys", null, "admin"),
        ("POST", "/api/v1/admin/api-keys", "/api/v1/admin/api-keys", "{}", "admin"),
        ("DELETE", "/api/v1/admin/api-keys/{id}", "/api/v1/admin/api-keys/000000000000", null, "admin"),
        ("GET", "/api/v1/admin/audit", "/api/v1/admin/audit", null, "admin"),
        ("GET", "/api/v1/admin/secrets/", "/api/v1/admin/secrets", null, "admin"),
        ("PUT", "/api/v1/admin/secrets/{name}", "/api/v1/admin/secrets/NOBODY", "{}", "admin"),
        ("DELETE", "/api/v1/admin/secrets/{name}", "/api/v1/admin/secrets/NOBODY", null, "admin"),
        ("ANY", "/hangfire/{**path}", "/hangfire", null, "admin"),
        ("GET", "/admin", "/admin", null, "admin"),
        ("POST", "/admin", "/admin", "form", "admin"),
        ("GET", "/admin/users", "/admin/users", null, "admin"),
        ("POST", "/admin/users", "/admin/users", "form", "admin"),
        ("GET", "/admin/display-tokens", "/admin/display-tokens", null, "admin"),
        ("POST", "/admin/display-tokens", "/admin/display-tokens", "form", "admin"),
        ("GET", "/admin/screens", "/admin/screens", null, "admin"),
        ("POST", "/admin/screens", "/admin/screens", "form", "admin"),
        ("GET", "/admin/api-keys", "/admin/api-keys", null, "admin"),
        ("POST", "/admin/api-keys", "/admin/api-keys", "form", "admin"),
        ("GET", "/admin/secrets", "/admin/secrets", null, "admin"),
        ("POST", "/admin/secrets", "/admin/secrets", "form", "admin"),
        ("GET", "/admin/collectors", "/admin/collectors", null, "admin"),
        ("POST", "/admin/collectors", "/admin/collectors", "form", "admin"),
        ("GET", "/admin/collectors/new", "/admin/collectors/new", null, "admin"),
        ("POST", "/admin/collectors/new", "/admin/collectors/new", "form", "admin"),
        ("GET", "/admin/collectors/{Id}", "/admin/collectors/portal-services", null, "admin"),
        ("POST", "/admin/collectors/{Id}", "/admin/collectors/portal-services", "form", "admin"),
        ("GET", "/admin/collectors/{Id}/edit", "/admin/collectors/portal-services/edit", null, "admin"),
        ("POST", "/admin/collectors/{Id}/edit", "/admin/collectors/portal-services/edit", "form", "admin"),
        ("GET", "/admin/audit", "/admin/audit", null, "admin"),
        ("POST", "/admin/audit", "/admin/audit", "form", "admin"),
        ("GET", "/api/v1/reports/", "/api/v1/reports", null, "admin leader"),
        ("GET", "/api/v1/reports/{id}", "/api/v1/reports/nothing", null, "admin leader"),
        ("POST", "/api/v1/reports/weekly-brief", "/api/v1/reports/weekly-brief", "{}", "admin"),
        ("GET", "/reports/{id}.pdf", "/reports/nothing.pdf", null, "admin leader"),
        ("GET", "/reports/{id}.html", "/reports/nothing.html", null, "admin leader"),
        ("GET", "/reports", "/reports", null, "admin leader"),
        ("POST", "/reports", "/reports", "form", "admin leader"),
        ("GET", "/admin/collectors/{Id}/entries", "/admin/collectors/dti-index/entries", null, "admin"),
        ("POST", "/admin/collectors/{Id}/entries", "/admin/collectors/dti-index/entries", "form", "admin"),
    ];

    public static TheoryData<string, string> Requests()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in Matrix)
        {
            foreach (var caller in Everyone.Split(' '))
            {
                data.Add($"{row.Method} {row.Pattern}", caller);
            }
        }

        return data;
    }

    [Fact]
    public void EveryMappedEndpoint_HasARowInTheMatrix()
    {
        var mapped = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Where(e => !e.Contains("/_", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        var covered = Matrix.Select(r => $"{r.Method} {r.Pattern}").ToHashSet(StringComparer.Ordinal);

        var missing = mapped.Where(e => !covered.Contains(e) && !e.StartsWith("OPTIONS", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "endpoints without a decision: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Endpoint_AnswersEachCaller_AsItsRoleAllows(string endpoint, string caller)
    {
        var row = Matrix.Single(r => $"{r.Method} {r.Pattern}" == endpoint);
        var allowed = row.Allowed.Split(' ').Contains(caller);
        var method = row.Method != "ANY" ? row.Method : row.Body is null ? "GET" : "POST";
        using var request = new HttpRequestMessage(new HttpMethod(method), row.Path) { Content = Body(row.Body) };

        using var response = await fixture.Callers[caller].Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var refused = IsRefusal(response);
        Assert.True(
            allowed != refused,
            $"{endpoint} as {caller}: {(int)response.StatusCode} {response.Headers.Location} — expected {(allowed ? "access" : "refusal")}");
    }

    /// <summary>401, 403, or a page's redirect to sign-in or "denied".</summary>
    internal static bool IsRefusal(HttpResponseMessage response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The kiosk exchange answers 401 to a bad token by design: that is its answer, not a refusal of the caller.
            return response.RequestMessage?.RequestUri?.AbsolutePath != "/kiosk/session";
        }

        var location = response.Headers.Location?.ToString() ?? "";
        return response.StatusCode == HttpStatusCode.Found && (location.Contains("/login", StringComparison.Ordinal) || location.Contains("/denied", StringComparison.Ordinal));
    }

    private static HttpContent? Body(string? kind) => kind switch
    {
        null => null,
        "form" => new FormUrlEncodedContent(new Dictionary<string, string> { ["x"] = "1" }),
        "line" => new StringContent($"access_matrix,unit=HT value=1 {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", Encoding.UTF8, "text/plain"),
        _ => new StringContent(kind, Encoding.UTF8, "application/json"),
    };
}
