using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Bench;

/// <summary>
/// Time from posting one point to its arrival at subscribed hub clients, against the round trip of the
/// same POST (its 204) measured in the same run: the ratio is what live delivery adds to a write.
/// </summary>
internal static class HubDeliveryBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var clients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        var samples = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
        const string key = "hub_bench,unit=HT";

        await using var server = await BenchServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var connections = new List<HubConnection>();
        var arrivals = new long[clients];
        var pending = new TaskCompletionSource[clients];
        for (var c = 0; c < clients; c++)
        {
            var connection = new HubConnectionBuilder().WithUrl($"{server.BaseUrl}/hubs/live").Build();
            var index = c;
            connection.On<System.Text.Json.JsonElement>("Points", _ =>
            {
                arrivals[index] = Stopwatch.GetTimestamp();
                pending[index].TrySetResult();
            });
            await connection.StartAsync();
            await connection.InvokeAsync<System.Text.Json.JsonElement>("SubscribeSeries", new[] { key });
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

            using var content = new StringContent($"{key} value={i} {ts + i + 20}", Encoding.UTF8, "text/plain");
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
        Console.WriteLine($"{clients} subscribed clients, {samples} single-point writes");
        Console.WriteLine($"POST round trip (baseline): p50 {P(roundTrip, 0.5),7:0.00} ms  p95 {P(roundTrip, 0.95),7:0.00} ms");
        Console.WriteLine($"post to last client:        p50 {P(delivery, 0.5),7:0.00} ms  p95 {P(delivery, 0.95),7:0.00} ms");
        Console.WriteLine($"ratio delivery/round trip:  p50 {P(delivery, 0.5) / P(roundTrip, 0.5),7:0.00}       p95 {P(delivery, 0.95) / P(roundTrip, 0.95),7:0.00}");
        return 0;
    }

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
