using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Server.Live;
using Ioc.Server.Tests.Hosting;
using Ioc.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Server.Tests.Cluster;

/// <summary>Reaching the nodes of a test cluster: as the TLS proxy would, or through the scale profile's nginx.</summary>
internal static class ClusterNodes
{
    public static async Task WaitRedisHealthyAsync(IocProcess node)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? state;
        while ((state = (await node.Probe.GetFromJsonAsync<JsonElement>("/readyz")).GetProperty("checks").GetProperty("redis").GetProperty("status").GetString()) != "Healthy")
        {
            Assert.True(DateTime.UtcNow < deadline, $"{node.BaseUrl} still finds Redis {state}");
            await Task.Delay(250);
        }
    }

    public static async Task<NginxTlsProxy> StartProxyAsync(IocProcess a, IocProcess b)
    {
        var config = await File.ReadAllTextAsync(Path.Combine(IocServer.RepoRoot, "deploy", "nginx", "ioc-scale.conf"));
        return await NginxTlsProxy.StartAsync(config, new Dictionary<string, string>
        {
            ["server ioc:8080"] = "server " + new Uri(a.BaseUrl).Authority,
            ["server ioc-2:8080"] = "server " + new Uri(b.BaseUrl).Authority,

            // Which node answered, so the test knows which one its screen is on.
            ["location / {"] = "location / {\n        add_header X-Ioc-Node $upstream_addr always;",
        });
    }

    /// <summary>The node the proxy sends this machine to (ip_hash: every request from here goes to the same one).</summary>
    public static async Task<(IocProcess Screen, IocProcess Other)> NodeBehindProxyAsync(NginxTlsProxy proxy, IocProcess a, IocProcess b)
    {
        using var http = new HttpClient(NginxTlsProxy.TrustingHandler()) { BaseAddress = new Uri(proxy.Url) };
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var node = response.Headers.GetValues("X-Ioc-Node").Single();
        return node == new Uri(a.BaseUrl).Authority ? (a, b) : node == new Uri(b.BaseUrl).Authority ? (b, a)
            : throw new InvalidOperationException($"the proxy answered from {node}, neither node");
    }

    /// <summary>A hub client with these cookies (the node's admin by default), reaching it as the TLS proxy would.</summary>
    public static async Task<HubConnection> HubAsync(IocProcess node, CookieContainer? cookies = null, string address = "198.51.100.10")
    {
        var jar = cookies ?? node.Admin.Cookies;
        var connection = new HubConnectionBuilder()
            .WithUrl($"{node.BaseUrl}/hubs/live", HttpTransportType.ServerSentEvents, o =>
            {
                o.HttpMessageHandlerFactory = _ => new Session.TlsProxyCookies(jar) { InnerHandler = new HttpClientHandler { UseCookies = false } };
                o.Headers["X-Forwarded-Proto"] = "https";
                o.Headers["X-Forwarded-For"] = address;
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Plain HTTP to a node with these cookies, as the TLS proxy forwards a browser's requests.</summary>
    public static HttpClient ThroughProxyHeaders(string baseUrl, CookieContainer cookies)
    {
        var http = new HttpClient(new Session.TlsProxyCookies(cookies) { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } })
        {
            BaseAddress = new Uri(baseUrl),
        };
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.10");
        return http;
    }

    public static System.Collections.Concurrent.ConcurrentQueue<(string Stream, LivePoint Point)> Record(HubConnection connection)
    {
        var received = new System.Collections.Concurrent.ConcurrentQueue<(string, LivePoint)>();
        connection.On<LiveBatch>("Points", batch =>
        {
            foreach (var point in batch.Points)
            {
                received.Enqueue((batch.Stream, point));
            }
        });
        return received;
    }

    public static async Task<List<(string Stream, LivePoint Point)>> WaitForAsync(
        System.Collections.Concurrent.ConcurrentQueue<(string Stream, LivePoint Point)> received, Func<LivePoint, bool> match, int count, string node)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<(string Stream, LivePoint Point)> hits;
        while ((hits = [.. received.Where(r => match(r.Point))]).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the screen on {node} received {hits.Count} of {count} points");
            await Task.Delay(50);
        }

        await Task.Delay(300);
        return [.. received.Where(r => match(r.Point))];
    }

    public static async Task WriteLinesAsync(IocProcess node, string lines)
    {
        using var body = new StringContent(lines, Encoding.UTF8);
        using var response = await node.Http.PostAsync(new Uri("/api/v1/write?precision=ms", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
