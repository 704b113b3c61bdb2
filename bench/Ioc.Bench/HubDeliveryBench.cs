using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Bench;

/// <summary>
/// Time from posting one point to its arrival at hub clients connected as wall screens are (a display-token cookie,
/// subscribed to the dashboard the point feeds), against the round trip of the same POST (its 204) measured in the
/// same run: the ratio is what live delivery adds to a write.
/// </summary>
internal static class HubDeliveryBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var samples = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;

        // A series the operations wall draws (it matches the panel's tags), so every screen receives it.
        const string dashboard = "operations-wall";
        const string key = "dvc_records,level=province,source=hub_bench";

        await using var server = await BenchServer.StartAsync();
        using var access = await BenchAccess.SignInAsync(server.BaseUrl);
        using var http = access.CreateWriter();
        var displayToken = await access.CreateDisplayTokenAsync(dashboard);
        var connections = new List<HubConnection>();
        var arrivals = new long[clients];
        var pending = new TaskCompletionSource[clients];
        for (var c = 0; c < clients; c++)
        {
            // Each screen trades the token for its own display cookie, as the kiosk page does.
            var cookies = await BenchAccess.KioskCookiesAsync(server.BaseUrl, displayToken);
            var connection = new HubConnectionBuilder().WithUrl($"{server.BaseUrl}/hubs/live", o => o.Cookies = cookies).Build();
            var index = c;
            connection.On<System.Text.Json.JsonElement>("Points", _ =>
            {
                arrivals[index] = Stopwatch.GetTimestamp();
                pending[index].TrySetResult();
            });
            await connection.StartAsync();
            await connection.InvokeAsync<System.Text.Json.JsonElement>("SubscribeDashboard", dashboard);
            connections.Add(connection);
        }

        var delivery = new List<double>(samples);
        var roundTrip = new List<double>(samples);
        var ts = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        for (var i = -20; i < samples; i++)
        {
            for (var c = 0; c < clients; c++)
            {
                pending[c] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            using var content = new StringContent($"{key} online_rate={i} {ts + i + 20}", Encoding.UTF8, "text/plain");
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("/api/v1/write?precision=ms", content);
            var answered = Stopwatch.GetTimestamp();
            response.EnsureSuccessStatusCode();
            await Task.WhenAll(pending.Select(p => p.Task)).WaitAsync(TimeSpan.FromSeconds(10));
            if (i >= 0)
            {
                roundTrip.Add(Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds);
                delivery.Add(Stopwatch.GetElapsedTime(sent, arrivals.Max()).TotalMilliseconds);
            }
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        delivery.Sort();
        roundTrip.Sort();
        Console.WriteLine($"{clients} wall screen{(clients == 1 ? "" : "s")} (display-token cookies) on dashboard {dashboard}, {samples} single-point writes with an API key");
        Console.WriteLine($"POST round trip (baseline): p50 {P(roundTrip, 0.5),7:0.00} ms  p95 {P(roundTrip, 0.95),7:0.00} ms");
        Console.WriteLine($"post to last client:        p50 {P(delivery, 0.5),7:0.00} ms  p95 {P(delivery, 0.95),7:0.00} ms");
        Console.WriteLine($"ratio delivery/round trip:  p50 {P(delivery, 0.5) / P(roundTrip, 0.5),7:0.00}       p95 {P(delivery, 0.95) / P(roundTrip, 0.95),7:0.00}");
        return 0;
    }

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
