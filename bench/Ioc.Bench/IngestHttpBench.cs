using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Bench;

/// <summary>
/// Points per second through the whole ingest path (HTTP, API key, parse, validate, SQLite, live publish) against
/// the same points written straight into the store in the same process: the ratio is the cost of the path.
/// </summary>
internal static class IngestHttpBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        const int batch = 5_000;
        var start = DateTimeOffset.UtcNow.AddHours(-6).ToUnixTimeMilliseconds();
        var bodies = Enumerable.Range(0, total / batch).Select(b => Body(b, batch, start)).ToList();

        await using var server = await BenchServer.StartAsync();
        using var access = await BenchAccess.SignInAsync(server.BaseUrl);
        using var http = access.CreateWriter();
        await PostAsync(http, Body(-1, 100, start - 1_000_000));

        var watch = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            await PostAsync(http, body);
        }

        var viaHttp = total / watch.Elapsed.TotalSeconds;

        // Baseline: the same points, parsed up front, written to a fresh store directly.
        var renamed = bodies.Select(b => b.Replace("ingest_bench", "ingest_direct", StringComparison.Ordinal)).ToList();
        watch.Restart();
        var batches = renamed.Select(b => LineProtocolParser.Parse(b, Precision.Milliseconds, 0, MetricValidator.Default).Points).ToList();
        var parsing = total / watch.Elapsed.TotalSeconds;
        var store = server.Services.GetRequiredService<IMetricStore>();
        watch.Restart();
        foreach (var points in batches)
        {
            await store.WriteAsync(points);
        }

        var direct = total / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"ingest over HTTP:  {viaHttp,12:N0} points/s ({total:N0} points, batches of {batch:N0} lines)");
        Console.WriteLine($"store directly:    {direct,12:N0} points/s (baseline, same process, points parsed beforehand)");
        Console.WriteLine($"ratio http/direct: {viaHttp / direct,12:0.00}");
        Console.WriteLine($"(parsing and validating alone: {parsing:N0} points/s)");
        return 0;
    }

    private static string Body(int b, int count, long start)
    {
        var sb = new StringBuilder(count * 96);
        for (var i = 0; i < count; i++)
        {
            var n = (b * count) + i;
            sb.Append("ingest_bench,unit=HT-").Append((n % 20).ToString("000", CultureInfo.InvariantCulture))
              .Append(",level=commune received=").Append(n % 997).Append("i,online_rate=")
              .Append((60 + (n % 40) + 0.25).ToString(CultureInfo.InvariantCulture)).Append(' ')
              .Append(start + (n / 20 * 1000)).Append('\n');
        }

        return sb.ToString();
    }

    private static async Task PostAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        using var response = await http.PostAsync("/api/v1/write?precision=ms", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"write failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
