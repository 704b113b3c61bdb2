using System.Diagnostics;
using Ioc.Server.Hosting;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Hostile;

/// <summary>A hostile definition file stops start-up at once with an error naming it, and provisions nothing.</summary>
public sealed class HostileDefinitionStartTests
{
    [Theory]
    [InlineData("alias-bomb.yaml", "apiVersion: ioc/v1\nid: bomb\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nspec: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", "aliases")]
    [InlineData("path-id.yaml", "apiVersion: ioc/v1\nid: ../../etc/passwd\nkind: http-json\nschedule: \"*/5 * * * * *\"\nspec: { url: http://127.0.0.1:1/x, mappings: [{ measurement: m, fields: { v: $.v } }] }\n", "id:")]
    public async Task AHostileCollectorFile_StopsStartUpNamingIt(string file, string yaml, string mention)
    {
        var dir = Directory.CreateTempSubdirectory("ioc-hostile-start-").FullName;
        var collectors = Directory.CreateDirectory(Path.Combine(dir, "collectors")).FullName;
        File.WriteAllText(Path.Combine(collectors, file), yaml);
        var log = Path.Combine(dir, "log");
        try
        {
            var watch = Stopwatch.StartNew();
            await using (var app = IocApplication.Build([
                "--environment=Testing", "--Ioc:Scheduling:Enabled=false", $"--Ioc:CollectorsPath={collectors}",
                $"--Ioc:DashboardsPath={Path.Combine(IocServer.RepoRoot, "dashboards")}", $"--Ioc:Storage:Sqlite:Path={dir}/ioc.db",
                $"--Ioc:Configuration:Sqlite:Path={dir}/config.db", $"--Ioc:Logging:JsonFile={log}/ioc-.json", $"--Ioc:Access:AdminPassword={Session.AdminPassword}"]))
            {
                Assert.False(await app.LoadDefinitionsAsync());
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"start-up took {watch.Elapsed} to refuse the file");
            var lines = Directory.GetFiles(log).SelectMany(File.ReadAllLines).ToList();
            Assert.Contains(lines, l => l.Contains("invalid definitions", StringComparison.Ordinal) && l.Contains($"collectors/{file}", StringComparison.Ordinal) && l.Contains(mention, StringComparison.Ordinal));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
