using System.Net;
using Ioc.Collectors.HttpJson;
using Ioc.Core.Collecting;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Collectors.Tests;

/// <summary>
/// HTTP collectors never reach a cloud metadata service or a link-local address unless allowed, and with an
/// allow-list only its networks: checked on the resolved address, before any byte is sent.
/// </summary>
public sealed class SourceAddressPolicyTests : IClassFixture<HttpJson.JsonSourceServer>
{
    private readonly HttpJson.JsonSourceServer _server;

    public SourceAddressPolicyTests(HttpJson.JsonSourceServer server) => _server = server;

    [Theory]
    [InlineData("169.254.169.254", false, "link-local or a cloud metadata address")]
    [InlineData("fe80::1", false, "link-local or a cloud metadata address")]
    [InlineData("fd00:ec2::254", false, "link-local or a cloud metadata address")]
    [InlineData("::ffff:169.254.169.254", false, "link-local or a cloud metadata address")]
    [InlineData("169.254.169.254", true, null)]
    [InlineData("127.0.0.1", false, null)]
    [InlineData("10.20.30.40", false, null)]
    public void Refuses_LinkLocalAndMetadataAddresses_UnlessAllowed(string address, bool allowLinkLocal, string? refusal)
    {
        var policy = new SourceAddressPolicy(new SourceAddressOptions { AllowLinkLocal = allowLinkLocal });

        var why = policy.Refuses(IPAddress.Parse(address));

        if (refusal is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(refusal, why, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("10.20.30.40", null)]
    [InlineData("192.168.1.5", null)]
    [InlineData("127.0.0.1", "outside Ioc:Collectors:Http:AllowedNetworks")]
    public void WithAnAllowList_OnlyItsNetworksAreReached(string address, string? refusal)
    {
        var policy = new SourceAddressPolicy(new SourceAddressOptions { AllowedNetworks = ["10.0.0.0/8", "192.168.1.5"] });

        Assert.Equal(refusal is null, policy.Refuses(IPAddress.Parse(address)) is null);
    }

    [Fact]
    public void AnAllowListEntryThatIsNoNetwork_IsNamed()
    {
        var refused = Assert.Throws<ArgumentException>(() => new SourceAddressPolicy(new SourceAddressOptions { AllowedNetworks = ["portal.gov.vn"] }));

        Assert.Contains("AllowedNetworks: 'portal.gov.vn'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACollector_FailsBeforeConnecting_WhenItsSourceIsOutsideTheAllowList()
    {
        using var services = new ServiceCollection()
            .Configure<SourceAddressOptions>(o => o.AllowedNetworks = ["10.0.0.0/8"])
            .AddCollectorKinds()
            .BuildServiceProvider();
        var definition = CollectorDefinitionLoader.Parse(
            $"apiVersion: ioc/v1\nid: portal\nkind: http-json\nschedule: \"*/5 * * * * *\"\nspec:\n  url: {_server.BaseUrl}/echo-headers\n  mappings: [ {{ measurement: m, fields: {{ v: $.value }} }} ]\n",
            new Dictionary<string, string>(),
            "collectors/portal.yaml");
        var collector = new HttpJsonCollectorKind(services.GetRequiredService<IHttpClientFactory>()).Create(definition);

        var failed = await Assert.ThrowsAsync<CollectorException>(() => collector.CollectAsync(new CollectContext("portal", DateTimeOffset.UtcNow), CancellationToken.None));

        Assert.Contains("127.0.0.1 is outside Ioc:Collectors:Http:AllowedNetworks", failed.Message, StringComparison.Ordinal);
    }
}
