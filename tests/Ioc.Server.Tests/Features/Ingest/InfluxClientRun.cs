using System.Diagnostics;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Ingest;

/// <summary>
/// Runs tests/Ioc.Server.Tests/InfluxClients/write.mjs with node: an InfluxDB client library (installed by npm ci
/// before the build, see InfluxClients.targets) writes the points as a user's program would.
/// </summary>
internal static class InfluxClientRun
{
    public static string Folder { get; } = Path.Combine(IocServer.RepoRoot, "tests", "Ioc.Server.Tests", "InfluxClients");

    /// <summary>The script's one-line JSON answer: <c>ok</c>, and <c>statusCode</c>/<c>message</c> when the client failed.</summary>
    public static async Task<JsonElement> RunAsync(object settings)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ioc-influx-client-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(settings, JsonSerializerOptions.Web));
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(Folder, "write.mjs"), file])
            {
                WorkingDirectory = Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var node = Process.Start(start)!;
            var output = node.StandardOutput.ReadToEndAsync();
            var errors = node.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await node.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                throw new TimeoutException("the client did not finish in two minutes: " + await errors);
            }

            var last = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            Assert.True(node.ExitCode == 0 && last is not null, $"node exited {node.ExitCode}: {await output}{await errors}");
            return JsonDocument.Parse(last!).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
