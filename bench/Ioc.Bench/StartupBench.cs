using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Bench;

/// <summary>
/// Start-up of the built server as a user runs it: time from process start to the first live update a wall
/// receives, against the time to the first healthy answer of the same process (the baseline). The server admits
/// no anonymous screen, so once it is healthy the admin signs in and issues a display token, and the wall trades
/// it for its cookie at <c>/kiosk/session</c> before it connects; that time is reported on its own, and the first
/// live update, still counted from process start, includes it.
/// </summary>
internal static class StartupBench
{
    private const string Dashboard = "operations-wall";

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
        var server = Path.Combine(BenchServer.RepoRoot(), "src", "Ioc.Server", "bin", "Release", "net10.0", "Ioc.Server.dll");
        if (!File.Exists(server))
        {
            Console.Error.WriteLine($"build the server first: dotnet build -c Release src/Ioc.Server (missing {server})");
            return 1;
        }

        var healthy = new List<double>();
        var signIn = new List<double>();
        var live = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var (h, s, l) = await MeasureAsync(server);
            healthy.Add(h);
            signIn.Add(s);
            live.Add(l);
            Print($"run {run + 1}: healthy after {h,6:0} ms, signing in {s,5:0} ms, first live update after {l,6:0} ms (from process start, signing in included)");
        }

        Print($"median: healthy {Median(healthy):0} ms (baseline), first live update {Median(live):0} ms (includes signing in, median {Median(signIn):0} ms), ratio {Median(live) / Median(healthy):0.00}");
        return 0;
    }

    /// <returns>Milliseconds from process start to healthy and to the first live update; signing in is the time between healthy and the wall's cookie.</returns>
    private static async Task<(double Healthy, double SignIn, double Live)> MeasureAsync(string server)
    {
        var port = BenchServer.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var data = Directory.CreateTempSubdirectory("ioc-startup-").FullName;
        var root = BenchServer.RepoRoot();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])[server, "--environment=Development", $"--urls={url}", $"--Ioc:Storage:Sqlite:Path={Path.Combine(data, "ioc.db")}", $"--Ioc:Configuration:Sqlite:Path={Path.Combine(data, "ioc-config.db")}", "--Serilog:MinimumLevel:Default=Warning", .. BenchAccess.ServerArguments])
        {
            info.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(2) };
            double healthy;
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync("/healthz");
                    if (response.IsSuccessStatusCode)
                    {
                        healthy = watch.Elapsed.TotalMilliseconds;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(20);
            }

            // What a new wall needs before it can listen: an admin issues its display token, the kiosk page trades it for a cookie.
            CookieContainer cookies;
            using (var admin = await BenchAccess.SignInAsync(url, createWriteKey: false))
            {
                cookies = await BenchAccess.KioskCookiesAsync(url, await admin.CreateDisplayTokenAsync(Dashboard));
            }

            var signIn = watch.Elapsed.TotalMilliseconds - healthy;
            var first = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var connection = new HubConnectionBuilder().WithUrl($"{url}/hubs/live", o => o.Cookies = cookies).Build();
            connection.On<System.Text.Json.JsonElement>("Points", _ => first.TrySetResult(watch.Elapsed.TotalMilliseconds));
            await connection.StartAsync();
            await connection.InvokeAsync<System.Text.Json.JsonElement>("SubscribeDashboard", Dashboard);
            var live = await first.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return (healthy, signIn, live);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
