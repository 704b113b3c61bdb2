using Ioc.Core.Configuration;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>
/// The <see cref="ICollectorStateStore"/> contract: pauses kept apart from definitions, and a revision that every change
/// of what a node loads raises, and nothing else does.
/// </summary>
public abstract partial class DefinitionStoreContract
{
    [Fact]
    public async Task Pauses_AreKeptPerCollector_AndForgotten()
    {
        var states = (ICollectorStateStore)await InitializedAsync();

        await states.SetPausedAsync("portal-records", paused: true, "quản-trị");
        await states.SetPausedAsync("payments-online", paused: true, "admin");
        await states.SetPausedAsync("payments-online", paused: false, "admin");

        var listed = await states.ListStatesAsync();
        Assert.Equal(["payments-online", "portal-records"], listed.Select(s => s.CollectorId));
        Assert.Equal([false, true], listed.Select(s => s.Paused));
        Assert.Equal("quản-trị", listed[1].UpdatedBy);
        Assert.True(await states.ForgetStateAsync("portal-records"));
        Assert.False(await states.ForgetStateAsync("portal-records"));
        Assert.Single(await states.ListStatesAsync());
    }

    [Fact]
    public async Task Revision_RisesWithEveryChangeNodesLoad_AndOnlyThen()
    {
        var store = await InitializedAsync();
        var states = (ICollectorStateStore)store;
        var revisions = new List<long> { await states.GetRevisionAsync() };
        async Task Step(Func<Task> change)
        {
            await change();
            revisions.Add(await states.GetRevisionAsync());
        }

        await Step(() => store.UpsertAsync(DefinitionKind.Collector, "portal", "id: portal", "admin"));
        await Step(() => store.UpsertAsync(DefinitionKind.Collector, "portal", "id: portal", "admin"));
        await Step(() => store.UpsertAsync(DefinitionKind.Collector, "portal", "id: portal\nname: Cổng", "admin"));
        await Step(() => states.SetPausedAsync("portal", paused: true, "admin"));
        await Step(() => states.SetPausedAsync("portal", paused: true, "admin"));
        await Step(() => states.SetPausedAsync("portal", paused: false, "admin"));
        await Step(() => store.DeleteAsync(DefinitionKind.Collector, "portal"));

        // Raised by: new, changed, paused, resumed, deleted; unchanged content and a repeated pause leave it.
        Assert.Equal([true, false, true, true, false, true, true], revisions.Zip(revisions.Skip(1), (before, after) => after > before));

        var other = (ICollectorStateStore)await InitializedAsync();
        Assert.Equal(revisions[^1], await other.GetRevisionAsync());
    }
}
