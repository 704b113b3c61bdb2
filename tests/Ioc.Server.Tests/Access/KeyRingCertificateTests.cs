using System.Net;
using Ioc.Server.Tests.Hosting;
using Microsoft.Data.Sqlite;

namespace Ioc.Server.Tests.Access;

/// <summary>
/// With a certificate set, the key ring is encrypted where it is stored: a copy of the configuration database
/// alone opens no cookie, while the same certificate keeps cookies working across a restart.
/// </summary>
public sealed class KeyRingCertificateTests : IDisposable
{
    private const string Password = "mật-khẩu-chứng-thư-2026";

    private readonly string _dir = Directory.CreateTempSubdirectory("ioc-keyring-cert-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string ConfigPath => Path.Combine(_dir, "config.db");

    [Fact]
    public async Task KeyRing_IsStoredEncrypted_AndCookiesOutliveARestartWithTheSameCertificate()
    {
        var settings = Settings(TestCertificates.WritePfx(_dir, Password));
        Session person;
        Session screen;
        await using (var first = await IocServer.StartAsync(settings))
        {
            person = await Session.SignInAsync(first.BaseUrl, "admin", Session.AdminPassword);
            var (_, token) = await first.Admin.CreateDisplayTokenAsync();
            screen = await Session.KioskAsync(first.BaseUrl, token);
        }

        var keys = await StoredKeysAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });

        await using var second = await IocServer.StartAsync(settings);
        using (person)
        using (screen)
        {
            Assert.Equal(HttpStatusCode.OK, (await Get(person, second, "/api/v1/admin/users")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Get(screen, second, "/api/v1/dashboards/operations-wall/data")).StatusCode);
        }
    }

    [Fact]
    public async Task CookiesSealedWithAnEncryptedKeyRing_AreRefused_ByAServerWithoutTheCertificate()
    {
        Session person;
        await using (var first = await IocServer.StartAsync(Settings(TestCertificates.WritePfx(_dir, Password))))
        {
            person = await Session.SignInAsync(first.BaseUrl, "admin", Session.AdminPassword);
        }

        await using var withoutCertificate = await IocServer.StartAsync(Settings(null));
        using (person)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Get(person, withoutCertificate, "/api/v1/admin/users")).StatusCode);
        }

        // The server itself works: it makes a key of its own and people sign in again.
        using var again = await Session.SignInAsync(withoutCertificate.BaseUrl, "admin", Session.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await again.Http.GetAsync("/api/v1/admin/users")).StatusCode);
    }

    [Fact]
    public async Task KeysStoredBeforeTheCertificate_StayReadable_AndEachStartWarnsOfThem()
    {
        Session person;
        await using (var first = await IocServer.StartAsync(Settings(null)))
        {
            person = await Session.SignInAsync(first.BaseUrl, "admin", Session.AdminPassword);
        }

        var logs = Directory.CreateDirectory(Path.Combine(_dir, "logs")).FullName;
        var settings = Settings(TestCertificates.WritePfx(_dir, Password));
        settings["Ioc:Logging:JsonFile"] = Path.Combine(logs, "ioc-.json");
        await using var withCertificate = await IocServer.StartAsync(settings);
        using (person)
        {
            Assert.Equal(HttpStatusCode.OK, (await Get(person, withCertificate, "/api/v1/admin/users")).StatusCode);
        }

        var log = string.Concat(Directory.GetFiles(logs).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd();
        }));
        Assert.Contains("remain unencrypted in the configuration store", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionStart_WarnsLoudly_OnlyWithoutAKeyRingCertificate()
    {
        var unprotectedLog = await StartProductionAsync("unprotected", null);
        var protectedLog = await StartProductionAsync("protected", TestCertificates.WritePfx(_dir, Password));

        Assert.Contains("Ioc:Access:DataProtection:CertificatePath is not set", unprotectedLog, StringComparison.Ordinal);
        Assert.Contains("\"@l\":\"Warning\"", unprotectedLog.Split('\n').Single(l => l.Contains("CertificatePath is not set", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("CertificatePath is not set", protectedLog, StringComparison.Ordinal);
    }

    /// <summary>A production start with the embedded stores chosen one by one, so no external server is needed.</summary>
    private async Task<string> StartProductionAsync(string name, string? certificate)
    {
        var logs = Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;
        var settings = Settings(certificate);
        settings["Ioc:Mode"] = "Production";
        settings["Ioc:Storage:Kind"] = "Sqlite";
        settings["Ioc:Scheduling:Storage"] = "InMemory";
        settings["Ioc:Configuration:Store"] = "Sqlite";
        settings["Ioc:Configuration:Sqlite:Path"] = Path.Combine(logs, "config.db");
        settings["Ioc:Logging:JsonFile"] = Path.Combine(logs, "ioc-.json");
        await using (await IocServer.StartAsync(settings, signIn: false))
        {
        }

        return string.Concat(Directory.GetFiles(logs, "ioc-*.json").Select(File.ReadAllText));
    }

    private Dictionary<string, string?> Settings(string? certificate) => new()
    {
        ["Ioc:Configuration:Sqlite:Path"] = ConfigPath,
        ["Ioc:Access:DataProtection:CertificatePath"] = certificate,
        ["Ioc:Access:DataProtection:CertificatePassword"] = certificate is null ? null : Password,
    };

    private async Task<List<string>> StoredKeysAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = ConfigPath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM ioc_key_ring";
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    /// <summary>Cookies belong to the host, not the port, so the old session's cookies reach the new server.</summary>
    private static Task<HttpResponseMessage> Get(Session session, IocServer server, string path) =>
        session.Http.GetAsync(new Uri(new Uri(server.BaseUrl), path));
}
