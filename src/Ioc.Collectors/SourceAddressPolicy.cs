using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Ioc.Collectors;

/// <summary>
/// The <c>Ioc:Collectors:Http</c> section: which addresses an HTTP collector may connect to. Checked on the address
/// a host name resolves to, at connect time, so neither a redirect nor DNS can lead a collector elsewhere.
/// </summary>
public sealed class SourceAddressOptions
{
    public const string Section = "Ioc:Collectors:Http";

    /// <summary>Link-local addresses (169.254.0.0/16, fe80::/10), where cloud metadata services answer, are refused unless true.</summary>
    public bool AllowLinkLocal { get; set; }

    /// <summary>When not empty, the only networks (CIDR, or single addresses) collectors may connect to.</summary>
    public string[] AllowedNetworks { get; set; } = [];
}

/// <summary>A source address the policy refuses; the message says which and why.</summary>
internal sealed class SourceAddressRefusedException(string message) : IOException(message);

/// <summary>Connects a collector's HTTP client only to addresses <see cref="SourceAddressOptions"/> allows.</summary>
internal sealed class SourceAddressPolicy
{
    private static readonly IPNetwork[] LinkLocal = [IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("fe80::/10")];

    // Cloud metadata services that do not sit on a link-local address.
    private static readonly IPAddress[] Metadata = [IPAddress.Parse("fd00:ec2::254"), IPAddress.Parse("100.100.100.200")];

    private readonly bool _allowLinkLocal;
    private readonly IPNetwork[] _allowed;

    public SourceAddressPolicy(SourceAddressOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _allowLinkLocal = options.AllowLinkLocal;
        _allowed = [.. options.AllowedNetworks.Select(Parse)];
    }

    /// <summary>Null when the address may be reached, otherwise why not.</summary>
    public string? Refuses(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var a = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (!_allowLinkLocal && (LinkLocal.Any(n => n.Contains(a)) || Metadata.Contains(a)))
        {
            return $"{a} is link-local or a cloud metadata address (set {SourceAddressOptions.Section}:AllowLinkLocal to reach it)";
        }

        if (_allowed.Length > 0 && !_allowed.Any(n => n.Contains(a)))
        {
            return $"{a} is outside {SourceAddressOptions.Section}:AllowedNetworks";
        }

        return null;
    }

    /// <summary>The handler's connect step: resolve, check every address, connect to the first allowed one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var refused = new List<string>();
        Exception? failure = null;
        foreach (var address in addresses)
        {
            if (Refuses(address) is { } why)
            {
                refused.Add(why);
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                failure = ex;
            }
        }

        throw failure ?? new SourceAddressRefusedException($"{host} may not be reached: {string.Join("; ", refused)}");
    }

    private static IPNetwork Parse(string text) =>
        IPNetwork.TryParse(text, out var network) ? network
        : IPAddress.TryParse(text, out var address) ? new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
        : throw new ArgumentException($"{SourceAddressOptions.Section}:AllowedNetworks: '{text}' is neither an address nor a network such as 10.20.0.0/16");
}
