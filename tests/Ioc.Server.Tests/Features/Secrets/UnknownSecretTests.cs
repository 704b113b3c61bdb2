using Ioc.Server.Hosting;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Secrets;

/// <summary>A definition that refers to a secret nobody set stops start-up naming its file, field and secret.</summary>
public sealed class UnknownSecretTests
{
    [Fact]
    public async Task ADefinitionUsingAnUnknownSecret_IsRefused_NamingFieldAndSecret()
    {
        var dir = Directory.CreateTempSubdirectory("ioc-unknown-secret-").FullName;
        var collectors = Directory.CreateDirectory(Path.Combine(dir, "collectors")).FullName;
        File.WriteAllText(Path.Combine(collectors, "edoc.yaml"), """
            apiVersion: ioc/v1
            id: edoc-exchange
            kind: http-json
            schedule: "*/5 * * * *"
            spec:
              url: http://127.0.0.1:1/edoc/stats
              headers: { Authorization: "Bearer ${secret:EDOC_TOKEN}" }
              mappings: [ { measurement: edoc_documents, fields: { sent: $.sent } } ]
            """);
        var log = Path.Combine(dir, "log");
        try
        {
            await using (var app = IocApplication.Build([
                "--environment=Testing", "--Ioc:Scheduling:Enabled=false", $"--Ioc:CollectorsPath={collectors}",
                $"--Ioc:DashboardsPath={Path.Combine(IocServer.RepoRoot, "dashboards")}", $"--Ioc:Storage:Sqlite:Path={dir}/ioc.db",
                $"--Ioc:Configuration:Sqlite:Path={dir}/config.db", $"--Ioc:Logging:JsonFile={log}/ioc-.json", $"--Ioc:Access:AdminPassword={Session.AdminPassword}"]))
            {
                Assert.False(await app.LoadDefinitionsAsync());
            }

            var lines = Directory.GetFiles(log).SelectMany(File.ReadAllLines).ToList();
            Assert.Contains(lines, l => l.Contains("invalid definitions", StringComparison.Ordinal)
                && l.Contains("collectors/edoc.yaml: spec.headers.Authorization: unknown secret 'EDOC_TOKEN' (add it under /admin/secrets)", StringComparison.Ordinal));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
