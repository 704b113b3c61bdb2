using Ioc.Core.Configuration;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>The <see cref="ISecretStore"/> contract: encrypted values kept by name, shared by every node.</summary>
public abstract partial class DefinitionStoreContract
{
    [Fact]
    public async Task Secrets_PutTwice_CreatesThenReplaces_KeepingTheCreationTime()
    {
        var store = await InitializedAsync();
        var secrets = (ISecretStore)store;
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        Assert.True(await secrets.PutSecretAsync("PORTAL_TOKEN", "CfDJ8-first", "admin"));
        var first = Assert.Single(await secrets.ListSecretsAsync());
        await Task.Delay(20);
        Assert.False(await secrets.PutSecretAsync("PORTAL_TOKEN", "CfDJ8-second", "quan-tri-2"));

        var listed = Assert.Single(await secrets.ListSecretsAsync());
        Assert.Equal("PORTAL_TOKEN", listed.Name);
        Assert.InRange(first.CreatedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(first.CreatedAt, listed.CreatedAt);
        Assert.True(listed.UpdatedAt > first.UpdatedAt, $"{listed.UpdatedAt:o} is not after {first.UpdatedAt:o}");
        Assert.Equal("quan-tri-2", listed.UpdatedBy);
        var read = Assert.Single(await secrets.ReadSecretsAsync());
        Assert.Equal(new ProtectedSecret("PORTAL_TOKEN", "CfDJ8-second", listed.CreatedAt, listed.UpdatedAt, "quan-tri-2"), read);
    }

    [Fact]
    public async Task Secrets_AreListedByName_AndSharedWithAnotherNode()
    {
        var node1 = (ISecretStore)await InitializedAsync();
        var node2 = (ISecretStore)await InitializedAsync();

        await node1.PutSecretAsync("VNEID_KEY", "v", "admin");
        await node1.PutSecretAsync("DB_PASSWORD", "d", "admin");
        await node2.PutSecretAsync("EDOC_TOKEN", "e", "admin");

        Assert.Equal(["DB_PASSWORD", "EDOC_TOKEN", "VNEID_KEY"], (await node2.ListSecretsAsync()).Select(s => s.Name));
        Assert.Equal(["d", "e", "v"], (await node1.ReadSecretsAsync()).Select(s => s.ProtectedValue));
    }

    [Fact]
    public async Task Secrets_Delete_ForgetsTheSecret_AndSaysWhetherThereWasOne()
    {
        var secrets = (ISecretStore)await InitializedAsync();
        await secrets.PutSecretAsync("DB_PASSWORD", "d", "admin");

        Assert.True(await secrets.DeleteSecretAsync("DB_PASSWORD"));
        Assert.False(await secrets.DeleteSecretAsync("DB_PASSWORD"));
        Assert.Empty(await secrets.ListSecretsAsync());
        Assert.Empty(await secrets.ReadSecretsAsync());
    }

    [Fact]
    public async Task Secrets_EveryChange_RaisesTheRevision()
    {
        var store = await InitializedAsync();
        var secrets = (ISecretStore)store;
        var revisions = (ICollectorStateStore)store;
        var start = await revisions.GetRevisionAsync();

        await secrets.PutSecretAsync("PORTAL_TOKEN", "a", "admin");
        var afterCreate = await revisions.GetRevisionAsync();
        await secrets.PutSecretAsync("PORTAL_TOKEN", "b", "admin");
        var afterReplace = await revisions.GetRevisionAsync();
        await secrets.DeleteSecretAsync("PORTAL_TOKEN");
        var afterDelete = await revisions.GetRevisionAsync();

        Assert.True(start < afterCreate && afterCreate < afterReplace && afterReplace < afterDelete, $"{start} {afterCreate} {afterReplace} {afterDelete}");
    }

    [Fact]
    public async Task Secrets_NamesAreExact_CaseIncluded()
    {
        var secrets = (ISecretStore)await InitializedAsync();

        await secrets.PutSecretAsync("TOKEN", "upper", "admin");
        await secrets.PutSecretAsync("Token", "mixed", "admin");

        Assert.Equal(["TOKEN", "Token"], (await secrets.ListSecretsAsync()).Select(s => s.Name));
    }
}
