using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Core.Access;
using Ioc.Core.Configuration;
using Ioc.Server.Features.Secrets;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace Ioc.Server.Tests.Features.Secrets;

public sealed class SecretsFixture : IAsyncLifetime
{
    public IocServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await IocServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Setting, listing and deleting secrets through the API and the page; values go in and never come out.</summary>
public sealed class SecretsApiTests(SecretsFixture fixture) : IClassFixture<SecretsFixture>
{
    private IocServer Server => fixture.Server;

    [Fact]
    public async Task Put_CreatesThenReplaces_AndTheListShowsNamesAndDatesOnly()
    {
        var name = Unique("EDOC_TOKEN");

        using var created = await Server.Http.PutAsJsonAsync($"/api/v1/admin/secrets/{name}", new { value = "edoc-first-1a2b" });
        using var replaced = await Server.Http.PutAsync($"/api/v1/admin/secrets/{name}", new StringContent("edoc-second-3c4d\n", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/admin/secrets/{name}", created.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NoContent, replaced.StatusCode);
        var list = await Server.Http.GetStringAsync("/api/v1/admin/secrets");
        using var document = JsonDocument.Parse(list);
        var entry = document.RootElement.EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        Assert.Equal(["name", "createdAt", "updatedAt", "updatedBy"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal("admin", entry.GetProperty("updatedBy").GetString());
        Assert.DoesNotContain("edoc-", list, StringComparison.Ordinal);

        // The trailing line break of a text body is not part of the value.
        var values = await Server.Get<SecretVault>().ReadAllAsync();
        Assert.Equal("edoc-second-3c4d", values["secret:" + name]);
    }

    [Fact]
    public async Task StoredValue_IsEncryptedWithTheSecretsPurpose()
    {
        var name = Unique("VNEID_KEY");
        using var put = await Server.Http.PutAsync($"/api/v1/admin/secrets/{name}", new StringContent("vneid-plain-5e6f", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        var stored = (await Server.Get<ISecretStore>().ReadSecretsAsync()).Single(s => s.Name == name);

        Assert.DoesNotContain("vneid-plain", stored.ProtectedValue, StringComparison.Ordinal);
        Assert.Equal("vneid-plain-5e6f", Server.Get<IDataProtectionProvider>().CreateProtector(SecretVault.Purpose).Unprotect(stored.ProtectedValue));
    }

    [Theory]
    [InlineData("portal_token")]
    [InlineData("PORTAL-TOKEN")]
    [InlineData("1TOKEN")]
    [InlineData("MÃ_BÍ_MẬT")]
    public async Task Put_RefusesABadName_NamingTheField(string name)
    {
        using var response = await Server.Http.PutAsync($"/api/v1/admin/secrets/{Uri.EscapeDataString(name)}", new StringContent("value-7g8h", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(name, errors.GetProperty("name")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await Server.Get<ISecretStore>().ListSecretsAsync(), s => s.Name == name);
    }

    [Theory]
    [InlineData("application/json", "{\"value\": \"\"}")]
    [InlineData("application/json", "{\"value\": 42}")]
    [InlineData("application/json", "{\"value\": \"unterminated")]
    [InlineData("text/plain", "")]
    public async Task Put_RefusesAnEmptyOrMalformedValue_NamingTheFieldButNotTheBody(string mediaType, string body)
    {
        using var response = await Server.Http.PutAsync($"/api/v1/admin/secrets/{Unique("BAD_VALUE")}", new StringContent(body, Encoding.UTF8, mediaType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("value:", JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty("value")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("unterminated", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_RefusesAValueOverTheCap()
    {
        using var response = await Server.Http.PutAsync($"/api/v1/admin/secrets/{Unique("HUGE")}", new StringContent(new string('x', SecretVault.MaxValueBytes + 1), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"at most {SecretVault.MaxValueBytes} bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RemovesTheSecret_ThenAnswersNotFound()
    {
        var name = Unique("DB_PASSWORD");
        (await Server.Http.PutAsync($"/api/v1/admin/secrets/{name}", new StringContent("db-9i0j", Encoding.UTF8, "text/plain"))).Dispose();

        using var deleted = await Server.Http.DeleteAsync($"/api/v1/admin/secrets/{name}");
        using var again = await Server.Http.DeleteAsync($"/api/v1/admin/secrets/{name}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.DoesNotContain(name, await Server.Http.GetStringAsync("/api/v1/admin/secrets"), StringComparison.Ordinal);
        var audit = await Server.Http.GetStringAsync("/api/v1/admin/audit");
        Assert.Contains("secret.deleted", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("db-9i0j", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonAdmins_AreForbidden_AndChangeNothing()
    {
        foreach (var role in new[] { Roles.Leader, Roles.Operator })
        {
            var user = Unique(role).ToLowerInvariant();
            await Server.Admin.CreateUserAsync(user, role, "Mật-khẩu-thử-2026");
            using var person = await Session.SignInAsync(Server.BaseUrl, user, "Mật-khẩu-thử-2026");
            var name = Unique("STOLEN");

            using var list = await person.Http.GetAsync("/api/v1/admin/secrets");
            using var put = await person.Http.PutAsync($"/api/v1/admin/secrets/{name}", new StringContent("x-1", Encoding.UTF8, "text/plain"));
            using var delete = await person.Http.DeleteAsync("/api/v1/admin/secrets/PORTAL_TOKEN");

            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
            Assert.DoesNotContain(await Server.Get<ISecretStore>().ListSecretsAsync(), s => s.Name == name);
        }
    }

    [Fact]
    public async Task Page_SetsASecret_InVietnamese_WithoutEverShowingTheValue()
    {
        var name = Unique("PAYMENT_KEY");

        using var saved = await Server.Admin.PostFormAsync("/admin/secrets", new Dictionary<string, string> { ["Set.Name"] = name, ["Set.Value"] = "pay-page-k1l2" }, "set-secret");

        var page = WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains($"Đã lưu bí mật mới {name}.", page, StringComparison.Ordinal);
        Assert.Contains("${secret:" + name + "}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("pay-page-k1l2", page, StringComparison.Ordinal);
        Assert.Equal("pay-page-k1l2", (await Server.Get<SecretVault>().ReadAllAsync())["secret:" + name]);
    }

    [Fact]
    public async Task Page_RefusesABadName_InVietnamese_WithoutEchoingTheValue()
    {
        using var refused = await Server.Admin.PostFormAsync("/admin/secrets", new Dictionary<string, string> { ["Set.Name"] = "khoa-thuong", ["Set.Value"] = "page-bad-m3n4" }, "set-secret");

        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("tên chỉ gồm chữ in hoa không dấu", page, StringComparison.Ordinal);
        Assert.DoesNotContain("page-bad-m3n4", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_DeletesASecret()
    {
        var name = Unique("OLD_TOKEN");
        (await Server.Http.PutAsync($"/api/v1/admin/secrets/{name}", new StringContent("old-o5p6", Encoding.UTF8, "text/plain"))).Dispose();

        using var deleted = await Server.Admin.PostFormAsync("/admin/secrets", new Dictionary<string, string>(), "delete-" + name);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Contains($"Đã xoá bí mật {name}.", WebUtility.HtmlDecode(await deleted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.DoesNotContain(await Server.Get<ISecretStore>().ListSecretsAsync(), s => s.Name == name);
    }

    private static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)].ToUpperInvariant();
}
