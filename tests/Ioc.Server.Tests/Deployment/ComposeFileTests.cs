using System.Diagnostics;
using Ioc.Server.Tests.Hosting;
using YamlDotNet.RepresentationModel;

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

    [Fact]
    public async Task CopiedExampleEnvironment_StartsTheDemo_WithTheSimulatorFeedingTheCollectors()
    {
        var stack = await ComposeStack.ConfigAsync(env => env);

        Assert.Equal(["demo-certificate", "influxdb", "ioc", "postgres", "proxy", "simulator"], stack.Started(stack.EnvProfiles));
        Assert.Equal("http://simulator:8080", stack.Environment("ioc", "Ioc__Variables__SIMULATOR_URL"));
        // The proxy's certificate comes from the demo's one-shot service, into the folder the proxy reads.
        Assert.Equal("--demo-certificate", ((YamlSequenceNode)stack.Value("demo-certificate", "command")!).Children[0].ToString());
        Assert.Equal("demo", stack.Environment("ioc", "Ioc__ComposeProfiles"));
        Assert.Equal(stack.Environment("ioc", "Ioc__Province"), stack.Environment("simulator", "Ioc__Simulator__Province"));
        Assert.Equal("simulator", stack.Value("simulator", "build", "target"));
        Assert.Contains("http://127.0.0.1:8080/healthz", stack.Healthcheck("simulator"), StringComparison.Ordinal);
        Assert.Contains("Ioc.Simulator.Host.dll", stack.Healthcheck("simulator"), StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8080/healthz", stack.Healthcheck("ioc"), StringComparison.Ordinal);
        Assert.All(["influxdb", "postgres", "ioc", "simulator"], service => Assert.NotEmpty(stack.Healthcheck(service)));
        // Nothing may depend on the simulator: without the profile the stack must still be whole.
        Assert.All(stack.Services, service => Assert.Null(stack.Value(service, "depends_on", "simulator")));
        // Not published: only Ioc reads it.
        Assert.Null(stack.Value("simulator", "ports"));
    }

    [Fact]
    public async Task WithoutTheDemoProfile_NoSimulatorRuns_AndCollectorsGoWhereTheEnvironmentSays()
    {
        var stack = await ComposeStack.ConfigAsync(env => env
            .Replace("COMPOSE_PROFILES=demo", "COMPOSE_PROFILES=", StringComparison.Ordinal)
            .Replace("SIMULATOR_URL=http://simulator:8080", "SIMULATOR_URL=http://10.20.30.40:8080", StringComparison.Ordinal));

        Assert.Empty(stack.EnvProfiles);
        Assert.Equal(["influxdb", "ioc", "postgres", "proxy"], stack.Started(stack.EnvProfiles));
        Assert.Equal("http://10.20.30.40:8080", stack.Environment("ioc", "Ioc__Variables__SIMULATOR_URL"));
        // Ioc then refuses every change-me value (ProductionSettingsTests).
        Assert.Equal("", stack.Environment("ioc", "Ioc__ComposeProfiles"));
    }

    [Fact]
    public async Task ProfileOption_Demo_AddsTheSimulator_ToAStackWithoutTheProfileInItsEnvironment()
    {
        var stack = await ComposeStack.ConfigAsync(env => env.Replace("COMPOSE_PROFILES=demo", "COMPOSE_PROFILES=", StringComparison.Ordinal), "--profile", "demo");

        Assert.Empty(stack.EnvProfiles);
        Assert.Equal(["demo-certificate", "influxdb", "ioc", "postgres", "proxy", "simulator"], stack.Started(["demo"]));
    }

    [Fact]
    public async Task ScaleProfile_AddsASecondNodeAndRedis_BothNodesOnRedis_AndTheProxyBalancesThem()
    {
        var stack = await ComposeStack.ConfigAsync(env => env
            .Replace("COMPOSE_PROFILES=demo", "COMPOSE_PROFILES=demo,scale", StringComparison.Ordinal)
            .Replace("# IOC_LIVE_REDIS=", "IOC_LIVE_REDIS=", StringComparison.Ordinal)
            .Replace("# IOC_NGINX_CONF=", "IOC_NGINX_CONF=", StringComparison.Ordinal));

        Assert.Equal(["demo-certificate", "influxdb", "ioc", "ioc-2", "postgres", "proxy", "redis", "simulator"], stack.Started(stack.EnvProfiles));
        Assert.Equal("redis:6379", stack.Environment("ioc", "Ioc__Live__Redis__Configuration"));
        Assert.Equal("redis:6379", stack.Environment("ioc-2", "Ioc__Live__Redis__Configuration"));
        Assert.Equal(stack.Environment("ioc", "Ioc__PostgreSql__ConnectionString"), stack.Environment("ioc-2", "Ioc__PostgreSql__ConnectionString"));

        // Each node its own spool; the proxy with the configuration that names both.
        var spools = new[] { "ioc", "ioc-2" }.Select(s => ((YamlSequenceNode)stack.Value(s, "volumes")!).Children.Select(v => v.ToString()).Single(v => v.EndsWith(":/var/lib/ioc:rw", StringComparison.Ordinal))).ToList();
        Assert.Equal(2, spools.Distinct().Count());
        Assert.Contains(((YamlSequenceNode)stack.Value("proxy", "volumes")!).Children, v => v.ToString().Contains("deploy/nginx/ioc-scale.conf:/etc/nginx/conf.d/default.conf", StringComparison.Ordinal));
        var balancer = await File.ReadAllTextAsync(Path.Combine(IocServer.RepoRoot, "deploy", "nginx", "ioc-scale.conf"));
        Assert.Contains("server ioc:8080", balancer, StringComparison.Ordinal);
        Assert.Contains("server ioc-2:8080", balancer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutTheScaleProfile_OneNode_NoRedis()
    {
        var stack = await ComposeStack.ConfigAsync(env => env);

        Assert.DoesNotContain("ioc-2", stack.Started(stack.EnvProfiles));
        Assert.DoesNotContain("redis", stack.Started(stack.EnvProfiles));
        Assert.Equal("", stack.Environment("ioc", "Ioc__Live__Redis__Configuration"));
    }

    [Fact]
    public void Dockerfile_BuildsTheSimulatorStage_AndEndsWithIoc()
    {
        var dockerfile = File.ReadAllText(Path.Combine(IocServer.RepoRoot, "Dockerfile"));
        var stages = dockerfile.Split('\n').Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Contains("RUN dotnet publish src/Ioc.Simulator.Host -c Release -o /simulator", dockerfile, StringComparison.Ordinal);
        Assert.Contains(stages, l => l.EndsWith(" AS simulator", StringComparison.Ordinal));
        Assert.EndsWith(" AS runtime", stages[^1], StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"Ioc.Simulator.Host.dll\"]", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void ExampleEnvironment_StartsTheDemoProfile_AndPointsTheCollectorsAtItsSimulator()
    {
        var example = File.ReadAllLines(Path.Combine(IocServer.RepoRoot, ".env.example"));

        Assert.Contains("COMPOSE_PROFILES=demo", example);
        Assert.Contains("SIMULATOR_URL=http://simulator:8080", example);
    }

    /// <summary>
    /// A copy of the files compose reads, with a .env made from .env.example, read by <c>docker-compose config</c>
    /// as a newcomer's <c>docker compose up</c> would read it. Compose 1.29's <c>config</c> lists every service, so
    /// which ones start is worked out by the compose rule: those without profiles and those with an active one.
    /// </summary>
    private sealed class ComposeStack
    {
        private readonly YamlMappingNode _services;

        private ComposeStack(YamlMappingNode services, IReadOnlyList<string> envProfiles)
        {
            _services = services;
            EnvProfiles = envProfiles;
        }

        /// <summary>The profiles COMPOSE_PROFILES in the .env turns on.</summary>
        public IReadOnlyList<string> EnvProfiles { get; }

        public IEnumerable<string> Services => _services.Children.Keys.Select(k => k.ToString());

        public static async Task<ComposeStack> ConfigAsync(Func<string, string> editEnv, params string[] options)
        {
            var folder = Directory.CreateTempSubdirectory("ioc-compose-").FullName;
            try
            {
                foreach (var file in new[] { "docker-compose.yml", "Dockerfile" })
                {
                    File.Copy(Path.Combine(IocServer.RepoRoot, file), Path.Combine(folder, file));
                }

                var env = editEnv(await File.ReadAllTextAsync(Path.Combine(IocServer.RepoRoot, ".env.example")));
                await File.WriteAllTextAsync(Path.Combine(folder, ".env"), env);
                var (exit, output, errors) = await RunInAsync(folder, [.. options, "config"]);
                Assert.True(exit == 0, $"docker-compose config failed: {errors}");
                var yaml = new YamlStream();
                yaml.Load(new StringReader(output));
                var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
                var profiles = env.Split('\n').Where(l => l.StartsWith("COMPOSE_PROFILES=", StringComparison.Ordinal))
                    .SelectMany(l => l["COMPOSE_PROFILES=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                return new ComposeStack(services, profiles);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        public List<string> Started(IReadOnlyList<string> profiles) =>
            [.. Services.Where(s => Value(s, "profiles") is not YamlSequenceNode own || own.Children.Any(p => profiles.Contains(p.ToString()))).Order(StringComparer.Ordinal)];

        public string Environment(string service, string name) => Value(service, "environment", name)?.ToString()
            ?? throw new Xunit.Sdk.XunitException($"{service} has no environment variable {name}");

        public string Healthcheck(string service) =>
            Value(service, "healthcheck", "test") is YamlSequenceNode test ? string.Join(' ', test.Children.Select(c => c.ToString())) : "";

        public YamlNode? Value(string service, params string[] path)
        {
            YamlNode? node = _services.Children.TryGetValue(new YamlScalarNode(service), out var found) ? found : null;
            foreach (var key in path)
            {
                node = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
            }

            return node;
        }
    }

    private static Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args) => RunInAsync(IocServer.RepoRoot, args);

    private static async Task<(int Exit, string Output, string Errors)> RunInAsync(string folder, params string[] args)
    {
        var info = new ProcessStartInfo("docker-compose")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only the files under test choose the profiles, not the shell the tests run in.
        info.Environment.Remove("COMPOSE_PROFILES");
        info.Environment.Remove("COMPOSE_FILE");
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
