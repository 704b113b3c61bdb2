using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace Ioc.Server.Tests.Hostile;

/// <summary>
/// Hub calls a careless or hostile screen could make: keys that name nothing, dashboards that do not exist,
/// more subscriptions than a connection may hold. Each fails with a HubException naming what was wrong, the
/// connection stays usable, and the server is idle again within seconds.
/// </summary>
public sealed class HostileHubTests(HostileServer server) : IClassFixture<HostileServer>
{
    public static TheoryData<string, string> MalformedKeys => new()
    {
        { "empty", "" },
        { "a lone comma", "," },
        { "a dangling comma", "h_hub," },
        { "a tag without value", "h_hub,unit" },
        { "a tag without key", "h_hub,=v" },
        { "an empty tag value", "h_hub,unit=" },
        { "a trailing comma after a tag", "h_hub,unit=a," },
        { "a measurement of 10,000 characters", new string('m', 10_000) },
        { "a control character", "h_hub,unit=a\u0001b" },
        { "a duplicate tag", "h_hub,unit=a,unit=b" },
        { "a reserved tag key", "h_hub,_unit=a" },
        { "33 tags", "h_hub," + string.Join(',', Enumerable.Range(0, 33).Select(i => $"t{i:00}=v")) },
    };

    [Theory]
    [MemberData(nameof(MalformedKeys))]
    public async Task SubscribingToAMalformedKey_FailsWithAHubExceptionNamingIt(string what, string key)
    {
        await using var screen = await LiveClient.ConnectAsync(server.Ioc.BaseUrl, server.Ioc.Admin.Cookies);

        var refused = await Assert.ThrowsAsync<HubException>(() => screen.SubscribeSeriesAsync(key));

        Assert.Contains("series key", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.Message.Length < 400, $"{what}: the message echoes too much ({refused.Message.Length} characters)");
        Assert.NotNull(await screen.SubscribeSeriesAsync("h_hub,unit=ok"));
        await server.AssertIdleAsync(what);
    }

    [Theory]
    [InlineData("unknown", "no-such-dashboard")]
    [InlineData("a path", "../../etc/passwd")]
    [InlineData("empty", "")]
    [InlineData("10,000 characters", null)]
    public async Task SubscribingToADashboardThatDoesNotExist_FailsNamingIt(string what, string? id)
    {
        await using var screen = await LiveClient.ConnectAsync(server.Ioc.BaseUrl, server.Ioc.Admin.Cookies);

        var refused = await Assert.ThrowsAsync<HubException>(() => screen.SubscribeDashboardAsync(id ?? new string('d', 10_000)));

        Assert.Contains("no dashboard", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(await screen.SubscribeDashboardAsync("operations-wall"));
        await server.AssertIdleAsync(what);
    }

    [Fact]
    public async Task TheThousandAndFirstSeries_IsRefused_AndTheFirstThousandStay()
    {
        await using var screen = await LiveClient.ConnectAsync(server.Ioc.BaseUrl, server.Ioc.Admin.Cookies);
        for (var batch = 0; batch < 10; batch++)
        {
            await screen.SubscribeSeriesAsync([.. Enumerable.Range(batch * 100, 100).Select(i => $"h_hub,unit=u{i}")]);
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => screen.SubscribeSeriesAsync("h_hub,unit=one-more"));

        Assert.Contains("at most 1000 series", refused.Message, StringComparison.Ordinal);
        await server.AssertIdleAsync("1,001 subscriptions");
    }

    [Fact]
    public async Task TenThousandSubscriptionsInOneCall_AreRefused_AndTheServerServesTheNextScreen()
    {
        await using var screen = await LiveClient.ConnectAsync(server.Ioc.BaseUrl, server.Ioc.Admin.Cookies);

        // Over the hub's message size, the server drops the call and the connection; under it, the limit answers.
        var refused = await Record.ExceptionAsync(() => screen.SubscribeSeriesAsync([.. Enumerable.Range(0, 10_000).Select(i => $"h,u={i}")]));

        Assert.NotNull(refused);
        Assert.True(refused.Message.Contains("at most 1000", StringComparison.Ordinal) || refused.Message.Contains("closed the connection", StringComparison.Ordinal), refused.ToString());
        await using var next = await LiveClient.ConnectAsync(server.Ioc.BaseUrl, server.Ioc.Admin.Cookies);
        Assert.NotNull(await next.SubscribeDashboardAsync("operations-wall"));
        await server.AssertIdleAsync("10,000 subscriptions in one call");
    }
}
