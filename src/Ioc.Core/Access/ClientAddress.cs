using System.Net;
using System.Net.Sockets;

namespace Ioc.Core.Access;

/// <summary>
/// The client a limit counts: an IPv4 address, or an IPv6 /64. One IPv6 subscriber usually holds a whole /64, so
/// counting single addresses there would be no limit at all.
/// </summary>
public static class ClientAddress
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
