using System.Net;
using System.Net.Sockets;
using Ioc.Testing;

namespace Ioc.Storage.Tests.Testing;

public sealed class InfluxDbServerTests
{
    [Fact]
    public async Task StartAgain_Waits_WhileItsPortIsStillTaken()
    {
        await using var server = new InfluxDbServer();
        await server.InitializeAsync();
        await server.StopAsync();

        // Something holds the HTTP port for a moment, as a socket that has not quite let go would.
        var holder = new TcpListener(IPAddress.Loopback, new Uri(server.Url).Port);
        holder.Start();
        var restart = server.StartAgainAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        holder.Stop();
        await restart;

        Assert.True(server.IsRunning);
        var (status, _) = await server.WriteLinesAsync("restart v=1 1");
        Assert.Equal(HttpStatusCode.NoContent, status);
    }
}
