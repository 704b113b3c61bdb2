using System.Text;
using Ioc.Core.Access;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>Display tokens and API keys.</summary>
public abstract partial class AccessStoreContract
{
    private static DisplayToken Token(string id, DateTimeOffset createdAt) =>
        new(id, "Wall " + id, "operations-wall", "sha256-" + id, createdAt.AddDays(90), null, "admin", createdAt);

    private static ApiKey Key(string id, DateTimeOffset createdAt, params string[] prefixes) =>
        new(id, "Pusher " + id, prefixes, "sha256-" + id, null, "admin", createdAt);

    /// <summary>Records compare lists by reference, so a key is compared through a copy of its fields.</summary>
    private static object Fields(ApiKey? key) =>
        key is null ? "null" : (key.Id, key.Name, string.Join("|", key.MeasurementPrefixes), key.MeasurementPrefixes.Count, key.SecretHash, key.RevokedAt, key.CreatedBy, key.CreatedAt, key.Scope);

    [Fact]
    public async Task CreateDisplayToken_StoresEveryField_ForFindToReturn()
    {
        var store = await InitializedAsync();
        var token = Token("t1", T0);
        var revoked = Token("t2", T0) with { RevokedAt = T0.AddDays(1), Name = "Màn hình phòng điều hành" };

        await store.CreateDisplayTokenAsync(token);
        await store.CreateDisplayTokenAsync(revoked);

        Assert.Equal(token, await store.FindDisplayTokenAsync("t1"));
        Assert.Equal(revoked, await store.FindDisplayTokenAsync("t2"));
        Assert.Null(await store.FindDisplayTokenAsync("T1"));
    }

    [Fact]
    public async Task CreateDisplayToken_KeepsThePlaylistItNames()
    {
        var store = await InitializedAsync();
        var token = Token("t1", T0) with { DashboardId = "", PlaylistId = "operations-room" };

        await store.CreateDisplayTokenAsync(token);

        Assert.Equal(token, await store.FindDisplayTokenAsync("t1"));
        Assert.Equal([token], await store.ListDisplayTokensAsync());
    }

    [Fact]
    public async Task CreateDisplayToken_FailsWithAConflictNamingTheId_AndKeepsTheFirst_WhenTheIdExists()
    {
        var store = await InitializedAsync();
        var first = Token("t1", T0);
        await store.CreateDisplayTokenAsync(first);

        var error = await Assert.ThrowsAsync<AccessConflictException>(() => store.CreateDisplayTokenAsync(Token("t1", T0.AddDays(1))));

        Assert.Contains("'t1'", error.Message, StringComparison.Ordinal);
        Assert.Equal([first], await store.ListDisplayTokensAsync());
    }

    [Fact]
    public async Task ListDisplayTokens_ComesNewestFirst_WithRevokedAndExpiredOnesIncluded()
    {
        var store = await InitializedAsync();
        var expired = Token("old", T0.AddDays(-200));
        var revoked = Token("revoked", T0.AddDays(-1)) with { RevokedAt = T0 };
        var active = Token("new", T0);
        foreach (var token in (DisplayToken[])[revoked, active, expired])
        {
            await store.CreateDisplayTokenAsync(token);
        }

        Assert.Equal([active, revoked, expired], await store.ListDisplayTokensAsync());
    }

    [Fact]
    public async Task RevokeDisplayToken_KeepsTheFirstRevocationTime_AndAnswersFalseAfterwards()
    {
        var store = await InitializedAsync();
        await store.CreateDisplayTokenAsync(Token("t1", T0));
        await store.CreateDisplayTokenAsync(Token("t2", T0));

        Assert.True(await store.RevokeDisplayTokenAsync("t1", T0.AddHours(1)));
        Assert.False(await store.RevokeDisplayTokenAsync("t1", T0.AddHours(2)));
        Assert.False(await store.RevokeDisplayTokenAsync("unknown", T0.AddHours(2)));

        Assert.Equal(T0.AddHours(1), (await store.FindDisplayTokenAsync("t1"))!.RevokedAt);
        Assert.Null((await store.FindDisplayTokenAsync("t2"))!.RevokedAt);
    }

    [Fact]
    public async Task CreateApiKey_KeepsThePrefixes_IncludingTheEmptyOneAndVietnameseText()
    {
        var store = await InitializedAsync();
        var decomposed = "sở_".Normalize(NormalizationForm.FormD);
        var everything = Key("k1", T0, "", "sở_", decomposed, "traffic.", "\"quoted\\\"");
        var nothing = Key("k2", T0);

        await store.CreateApiKeyAsync(everything);
        await store.CreateApiKeyAsync(nothing);

        var read = await (await CreateAsync()).FindApiKeyAsync("k1");
        Assert.Equal(Fields(everything), Fields(read));
        Assert.Equal(everything.MeasurementPrefixes.Select(Encoding.UTF8.GetBytes), read!.MeasurementPrefixes.Select(Encoding.UTF8.GetBytes));
        Assert.True(read.Allows("anything"));
        Assert.Empty((await store.FindApiKeyAsync("k2"))!.MeasurementPrefixes);
        Assert.Null(await store.FindApiKeyAsync("K1"));
    }

    [Fact]
    public async Task CreateApiKey_KeepsItsScope_AndAMetricsKeyAllowsNoMeasurement()
    {
        var store = await InitializedAsync();
        var scraper = Key("k1", T0) with { Scope = ApiKeyScope.Metrics };
        var writer = Key("k2", T0, "");

        await store.CreateApiKeyAsync(scraper);
        await store.CreateApiKeyAsync(writer);

        var read = await (await CreateAsync()).FindApiKeyAsync("k1");
        Assert.Equal(Fields(scraper), Fields(read));
        Assert.Equal(ApiKeyScope.Metrics, read!.Scope);
        Assert.False(read.Allows("anything"));
        Assert.Equal(ApiKeyScope.Write, (await store.FindApiKeyAsync("k2"))!.Scope);
        Assert.Equal(new[] { ApiKeyScope.Metrics, ApiKeyScope.Write }, (await store.ListApiKeysAsync()).OrderBy(k => k.Id, StringComparer.Ordinal).Select(k => k.Scope));
    }

    [Fact]
    public async Task CreateApiKey_FailsWithAConflictNamingTheId_AndKeepsTheFirst_WhenTheIdExists()
    {
        var store = await InitializedAsync();
        var first = Key("k1", T0, "traffic.");
        await store.CreateApiKeyAsync(first);

        var error = await Assert.ThrowsAsync<AccessConflictException>(() => store.CreateApiKeyAsync(Key("k1", T0, "")));

        Assert.Contains("'k1'", error.Message, StringComparison.Ordinal);
        Assert.Equal([Fields(first)], (await store.ListApiKeysAsync()).Select(Fields));
    }

    [Fact]
    public async Task ListApiKeys_ComesNewestFirst_WithRevokedOnesIncluded()
    {
        var store = await InitializedAsync();
        var old = Key("old", T0.AddDays(-30), "water.");
        var revoked = Key("revoked", T0.AddDays(-1), "air.") with { RevokedAt = T0 };
        var active = Key("new", T0, "traffic.");
        foreach (var key in (ApiKey[])[old, active, revoked])
        {
            await store.CreateApiKeyAsync(key);
        }

        Assert.Equal([Fields(active), Fields(revoked), Fields(old)], (await store.ListApiKeysAsync()).Select(Fields));
    }

    [Fact]
    public async Task RevokeApiKey_KeepsTheFirstRevocationTime_AndAnswersFalseAfterwards()
    {
        var store = await InitializedAsync();
        await store.CreateApiKeyAsync(Key("k1", T0, ""));

        Assert.True(await store.RevokeApiKeyAsync("k1", T0.AddHours(1)));
        Assert.False(await store.RevokeApiKeyAsync("k1", T0.AddHours(2)));
        Assert.False(await store.RevokeApiKeyAsync("unknown", T0.AddHours(2)));

        var read = await store.FindApiKeyAsync("k1");
        Assert.Equal(T0.AddHours(1), read!.RevokedAt);
        Assert.False(read.IsActive);
    }
}
