using System.Diagnostics;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Deployment;

/// <summary>No Docker engine runs here, so the compose file is checked the way the engine would read it.</summary>
public sealed class ComposeFileTests
{
    [Fact]
    public async Task ComposeFile_IsValid_WithTheExampleEnvironment()
    {
        var (exit, output, errors) = await RunAsync("--env-file", ".env.example", "-f", "docker-compose.yml", "config");

        Assert.True(exit == 0, $"docker-compose config failed: {errors}");
        foreach (var expected in new[] { "influxdb:2.7", "postgres:16", "influxdb-data", "postgres-data", "ioc-data", "healthcheck", "Ioc__Storage__InfluxDb__Token", "nginx:1.27-alpine", "Ioc__Proxy__KnownProxies__0: 172.30.80.10", "ipv4_address: 172.30.80.10" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ComposeFile_RefusesToStart_WithoutTheSecrets()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var (exit, _, errors) = await RunAsync("--env-file", empty, "-f", "docker-compose.yml", "config");

            Assert.NotEqual(0, exit);
            Assert.Contains("in .env", errors, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [Fact]
    public void NoSecretIsCommitted_InTheComposeFile()
    {
        var compose = File.ReadAllText(Path.Combine(IocServer.RepoRoot, "docker-compose.yml"));
        var example = File.ReadAllLines(Path.Combine(IocServer.RepoRoot, ".env.example"))
            .Where(l => l.Contains("PASSWORD=", StringComparison.Ordinal) || l.Contains("TOKEN=", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);

        var secrets = example.Where(v => v.Length > 0).ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, value => Assert.DoesNotContain(value, compose, StringComparison.Ordinal));
        Assert.All(secrets, value => Assert.StartsWith("change-me", value, StringComparison.Ordinal));
    }

    [Fact]
    public void ExampleEnvironment_LeavesTheAdminPasswordEmpty_SoTheOneTimePasswordApplies()
    {
        var example = File.ReadAllLines(Path.Combine(IocServer.RepoRoot, ".env.example"));

        Assert.Contains("IOC_ADMIN_PASSWORD=", example);
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("docker-compose")
        {
            WorkingDirectory = IocServer.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("docker-compose not found: install Debian's docker-compose package (apt-get install -y docker-compose); ./test.sh does so", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, await errors);
        }
    }
}
