using System.Net;
using System.Text.Json.Nodes;
using Ioc.Simulator.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ioc.Simulator.Tests;

public sealed class SimulatorEndpointsTests : IClassFixture<SimulatorEndpointsTests.Server>
{
    private readonly Server _server;

    public SimulatorEndpointsTests(Server server) => _server = server;

    public static TheoryData<string, string[]> Endpoints => new()
    {
        { "/sim/portal/services", ["asOf", "province", "total", "fullOnline", "partialOnline", "other", "onNationalPortal"] },
        { "/sim/portal/records", ["asOf", "units"] },
        { "/sim/edoc/exchange", ["asOf", "levels"] },
        { "/sim/payments/summary", ["asOf", "transactionsToday", "amountTodayVnd", "transactionsYtd", "amountYtdVnd", "proceduresWithOnlinePayment", "proceduresWithFees"] },
        { "/sim/eid/registrations", ["asOf", "units"] },
        { "/sim/portal/records-by-sector", ["asOf", "items"] },
        { "/sim/signatures/summary", ["asOf", "province", "certificates", "agencies", "pkiSims", "publicSignatures"] },
        { "/sim/security/approvals", ["asOf", "province", "systems", "approved", "approvedRate", "targetRate"] },
        { "/sim/infrastructure/broadband", ["asOf", "province", "units"] },
        { "/sim/reports/annual", ["asOf", "province", "dti", "digitalEconomy", "ocop", "communityTeams"] },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_AnswersJson_WithTheContractFields(string path, string[] fields)
    {
        using var response = await _server.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = Assert.IsType<JsonObject>(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
        Assert.Equal(fields.Order(), json.Select(p => p.Key).Order());
        Assert.Equal("2025-10-15T10:30:00+07:00", json["asOf"]!.GetValue<string>());
    }

    [Fact]
    public async Task Records_ListTheProvinceFirst_WithEveryUnitField()
    {
        var json = JsonNode.Parse(await _server.Client.GetStringAsync(new Uri("/sim/portal/records", UriKind.Relative)))!;
        var units = json["units"]!.AsArray();
        Assert.Equal("42", units[0]!["code"]!.GetValue<string>());
        Assert.Equal("province", units[0]!["level"]!.GetValue<string>());
        string[] fields = ["code", "name", "level", "receivedToday", "receivedOnlineToday", "receivedYtd", "receivedOnlineYtd", "onlineRate", "onTimeRate"];
        Assert.All(units, u => Assert.Equal(fields.Order(), u!.AsObject().Select(p => p.Key).Order()));
        Assert.All(units.Skip(1), u => Assert.Matches("^HT-\\d{3}$", u!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task VietnameseNames_TravelAsUtf8Text_NotEscapes()
    {
        using var response = await _server.Client.GetAsync(new Uri("/sim/eid/registrations", UriKind.Relative));
        var body = System.Text.Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("\"Tỉnh Hà Tĩnh\"", body, StringComparison.Ordinal);
        Assert.Contains("\"Phường Hà Huy Tập\"", body, StringComparison.Ordinal);
        Assert.Contains("\"Xã Đức Thọ\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_IsTheModelAtTheClocksInstant()
    {
        var expected = SimulatorEndpoints.Serialize(new ProvinceSimulator(ProvinceProfiles.HaTinh, 2024).Payments(Server.Now));
        Assert.Equal(expected, await _server.Client.GetStringAsync(new Uri("/sim/payments/summary", UriKind.Relative)));
    }

    [Fact]
    public async Task Profile_ListsEveryFigure_ReportedOrIllustrative_WithItsBasis()
    {
        var json = JsonNode.Parse(await _server.Client.GetStringAsync(new Uri("/sim/profile", UriKind.Relative)))!;
        Assert.Equal("HT", json["code"]!.GetValue<string>());
        Assert.Equal("units/ha-tinh.yaml", json["unitsFile"]!.GetValue<string>());
        var figures = json["figures"]!.AsArray();
        Assert.All(figures, f => Assert.Contains(f!["source"]!.GetValue<string>(), new[] { "reported", "illustrative" }));
        var commune = Assert.Single(figures, f => f!["key"]!.GetValue<string>() == "edoc.commune.electronicRate")!;
        Assert.Equal(95, commune["value"]!.GetValue<double>());
        Assert.Equal("reported", commune["source"]!.GetValue<string>());
        Assert.Contains("Hà Tĩnh", commune["basis"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_MapsNothing()
    {
        await using var app = await Server.StartAsync(o => o.Enabled = false);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var response = await client.GetAsync(new Uri("/sim/portal/services", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UnknownProvince_FailsAtStart_NamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => Server.StartAsync(o => o.Province = "XX"));
        Assert.Contains("Ioc:Simulator:Province must be one of: HT, NA, VP, NT, QT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_DoesNotCheckTheProvince()
    {
        await using var app = await Server.StartAsync(o => (o.Enabled, o.Province) = (false, "XX"));
        Assert.NotEmpty(app.Urls);
    }

    public sealed class Server : IAsyncLifetime
    {
        public static readonly DateTimeOffset Now = new(2025, 10, 15, 10, 30, 0, TimeSpan.FromHours(7));

        private WebApplication? _app;

        public HttpClient Client { get; private set; } = null!;

        public static async Task<WebApplication> StartAsync(Action<SimulatorOptions> configure)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Services.AddSingleton<TimeProvider>(new StoppedClock(Now));
            builder.Services.AddSimulator(configure);
            var app = builder.Build();
            try
            {
                app.UseRateLimiter();
                app.MapSimulator();
                await app.StartAsync();
                return app;
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }

        public async Task InitializeAsync()
        {
            _app = await StartAsync(_ => { });
            Client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
