using System.Net;
using Ioc.Core.Access;

namespace Ioc.Core.Tests.Access;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Of_CountsAnIpv6Slash64AsOneClient(string address, string client)
    {
        Assert.Equal(client, ClientAddress.Of(IPAddress.Parse(address)));
    }

    [Fact]
    public void Of_NamesAMissingAddress()
    {
        Assert.Equal("unknown", ClientAddress.Of(null));
    }
}
