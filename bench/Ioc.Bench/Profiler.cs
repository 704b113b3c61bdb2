using System.Diagnostics;
using System.Globalization;

namespace Ioc.Bench;

/// <summary>
/// Optional profiles of a server under load: with <c>IOC_BENCH_PROFILE=folder</c> (and <c>dotnet-gcdump</c> and
/// <c>dotnet-trace</c> on the PATH or in <c>IOC_BENCH_TOOLS</c>), a heap dump once the screens are connected and a
/// CPU sampling trace over the measured period, named for the server and the number of screens. Profiling costs CPU:
/// figures of a profiled run are not the benchmark's figures.
/// </summary>
internal sealed class Profiler(string folder, string tools, string name, int pid)
{
    public static Profiler? From(string server, int screens, int pid)
    {
        if (Environment.GetEnvironmentVariable("IOC_BENCH_PROFILE") is not { Length: > 0 } folder)
        {
            return null;
        }

        Directory.CreateDirectory(folder);
        return new Profiler(folder, Environment.GetEnvironmentVariable("IOC_BENCH_TOOLS") ?? "", string.Create(CultureInfo.InvariantCulture, $"{server}-{screens}"), pid);
    }

    public Task HeapDumpAsync() => RunAsync("dotnet-gcdump", ["collect", "-p", Pid, "-o", Path.Combine(folder, name + ".gcdump")]);

    public Task TraceAsync(TimeSpan duration) => RunAsync("dotnet-trace", [
        "collect", "-p", Pid, "--profile", "dotnet-sampled-thread-time", "--duration", duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture),
        "-o", Path.Combine(folder, name + ".nettrace")]);

    private string Pid => pid.ToString(CultureInfo.InvariantCulture);

    private async Task RunAsync(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tools.Length > 0 ? Path.Combine(tools, tool) : tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"  {tool} failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
