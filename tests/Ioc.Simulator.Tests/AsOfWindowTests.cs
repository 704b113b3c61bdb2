using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Ioc.Simulator.Tests;

/// <summary>How far back and ahead <c>?at=</c> is answered; the bound keeps every answer cheap.</summary>
public sealed class AsOfWindowTests : IClassFixture<SimulatorEndpointsTests.Server>
{
    private static readonly DateTimeOffset Now = SimulatorEndpointsTests.Server.Now;

    private readonly SimulatorEndpointsTests.Server _server;

    public AsOfWindowTests(SimulatorEndpointsTests.Server server) => _server = server;

    public static TheoryData<string> Endpoints => ["/sim/portal/services", "/sim/portal/records", "/sim/edoc/exchange", "/sim/payments/summary", "/sim/eid/registrations"];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task At_OlderThanMaxAsOfAge_Is400_NamingAtAndTheLimit_WithoutComputingIt(string path)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (status, detail) = await GetAsync($"{path}?at=0001-01-01T00:00:00Z");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("at '0001-01-01T00:00:00Z' is older than Ioc:Simulator:MaxAsOfAge (400 days): the earliest answered now is 2024-09-10T03:30:00Z", detail);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task At_ExactlyMaxAsOfAgeBack_IsAnswered_ASecondMoreIsNot(string path)
    {
        var oldest = Now.AddDays(-400).UtcDateTime;

        var (answered, _) = await GetAsync($"{path}?at={oldest:yyyy-MM-ddTHH:mm:ssZ}");
        var (refused, _) = await GetAsync($"{path}?at={oldest.AddSeconds(-1):yyyy-MM-ddTHH:mm:ssZ}");

        Assert.Equal(HttpStatusCode.OK, answered);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
    }

    [Fact]
    public async Task At_AheadWithinAMinute_IsAnswered_FurtherAheadIs400()
    {
        var (near, _) = await GetAsync($"/sim/portal/records?at={Now.UtcDateTime.AddSeconds(60):yyyy-MM-ddTHH:mm:ssZ}");
        var (far, detail) = await GetAsync($"/sim/portal/records?at={Now.UtcDateTime.AddSeconds(61):yyyy-MM-ddTHH:mm:ssZ}");

        Assert.Equal(HttpStatusCode.OK, near);
        Assert.Equal(HttpStatusCode.BadRequest, far);
        Assert.Equal("at '2025-10-15T03:31:01Z' is in the future: the latest answered now is 2025-10-15T03:31:00Z", detail);
    }

    [Fact]
    public async Task At_ThatIsNotATime_Is400_SayingWhatIsExpected()
    {
        var (status, detail) = await GetAsync("/sim/portal/records?at=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("at 'yesterday' is not an ISO 8601 time such as 2026-01-31T08:15:00Z", detail);
    }

    [Fact]
    public async Task MaxAsOfAge_IsASetting()
    {
        await using var app = await SimulatorEndpointsTests.Server.StartAsync(o => o.MaxAsOfAge = TimeSpan.FromDays(2));
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var twoDays = await client.GetAsync(new Uri($"/sim/payments/summary?at={Now.UtcDateTime.AddDays(-2):yyyy-MM-ddTHH:mm:ssZ}", UriKind.Relative));
        using var threeDays = await client.GetAsync(new Uri($"/sim/payments/summary?at={Now.UtcDateTime.AddDays(-3):yyyy-MM-ddTHH:mm:ssZ}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, twoDays.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, threeDays.StatusCode);
    }

    [Theory]
    [InlineData(0, 1200, "Ioc:Simulator:MaxAsOfAge")]
    [InlineData(4000, 1200, "Ioc:Simulator:MaxAsOfAge")]
    [InlineData(400, 0, "Ioc:Simulator:RequestsPerMinute")]
    public async Task OutOfRangeSetting_FailsAtStart_NamingIt(int maxAgeDays, int perMinute, string setting)
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => SimulatorEndpointsTests.Server.StartAsync(o =>
        {
            o.MaxAsOfAge = TimeSpan.FromDays(maxAgeDays);
            o.RequestsPerMinute = perMinute;
        }));

        Assert.Contains(setting, Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string? Detail)> GetAsync(string pathAndQuery)
    {
        using var response = await _server.Client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }

        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, problem.RootElement.GetProperty("detail").GetString());
    }
}
