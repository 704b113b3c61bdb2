using System.Text;
using Ioc.Core.Configuration;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>
/// The <see cref="IDefinitionStore"/> contract, run once per adapter. Every test gets a database of its own; a
/// subclass only says how to open a store on it.
/// </summary>
public abstract partial class DefinitionStoreContract : IAsyncLifetime
{
    private readonly List<IDefinitionStore> _stores = [];

    /// <summary>
    /// A new, uninitialized store on this test's database. Each call opens another instance on the same
    /// database, as a second Ioc process would.
    /// </summary>
    protected abstract Task<IDefinitionStore> CreateAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores.OfType<IAsyncDisposable>())
        {
            await store.DisposeAsync();
        }
    }

    protected T Track<T>(T store)
        where T : IDefinitionStore
    {
        _stores.Add(store);
        return store;
    }

    private async Task<IDefinitionStore> InitializedAsync()
    {
        var store = await CreateAsync();
        await store.InitializeAsync();
        return store;
    }

    [Fact]
    public async Task List_IsEmpty_OnANewStore()
    {
        var store = await InitializedAsync();

        Assert.Empty(await store.ListAsync(DefinitionKind.Collector));
        Assert.Empty(await store.ListAsync(DefinitionKind.Dashboard));
    }

    [Fact]
    public async Task Upsert_StoresANewDefinition_AsVersion1()
    {
        var store = await InitializedAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var stored = await store.UpsertAsync(DefinitionKind.Collector, "portal", "id: portal\n", "collectors/portal.yaml");

        Assert.Equal(new StoredDefinition(DefinitionKind.Collector, "portal", "id: portal\n", "collectors/portal.yaml", stored.UpdatedAt, 1), stored);
        Assert.InRange(stored.UpdatedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal([stored], await store.ListAsync(DefinitionKind.Collector));
    }

    [Fact]
    public async Task Upsert_KeepsVersionAndTime_WhenTheContentIsUnchanged()
    {
        var store = await InitializedAsync();
        var first = await store.UpsertAsync(DefinitionKind.Collector, "portal", "id: portal\n", "collectors/portal.yaml");
        await Task.Delay(20);

        var again = await store.UpsertAsync(DefinitionKind.Collector, "portal", "id: portal\n", "collectors/portal.yaml");

        Assert.Equal(first, again);
        Assert.Equal([first], await store.ListAsync(DefinitionKind.Collector));
    }

    [Fact]
    public async Task Upsert_CountsVersion2_WhenTheContentChanges()
    {
        var store = await InitializedAsync();
        var first = await store.UpsertAsync(DefinitionKind.Collector, "portal", "id: portal\n", "collectors/portal.yaml");
        await Task.Delay(20);

        var changed = await store.UpsertAsync(DefinitionKind.Collector, "portal", "id: portal\nschedule: '*/5 * * * * *'\n", "admin");

        Assert.Equal(2, changed.Version);
        Assert.Equal("admin", changed.Source);
        Assert.True(changed.UpdatedAt > first.UpdatedAt, $"{changed.UpdatedAt:o} should be after {first.UpdatedAt:o}");
        Assert.Equal([changed], await store.ListAsync(DefinitionKind.Collector));
    }

    [Fact]
    public async Task Upsert_RecordsANewSource_WithoutANewVersion_WhenOnlyTheSourceChanges()
    {
        var store = await InitializedAsync();
        var first = await store.UpsertAsync(DefinitionKind.Dashboard, "overview", "{}", "dashboards/old-name.json");

        var moved = await store.UpsertAsync(DefinitionKind.Dashboard, "overview", "{}", "dashboards/overview.json");

        Assert.Equal(first with { Source = "dashboards/overview.json" }, moved);
        Assert.Equal([moved], await store.ListAsync(DefinitionKind.Dashboard));
    }

    [Fact]
    public async Task Kinds_AreSeparate_ForTheSameId()
    {
        var store = await InitializedAsync();

        await store.UpsertAsync(DefinitionKind.Collector, "traffic", "id: traffic\n", "collectors/traffic.yaml");
        var dashboard = await store.UpsertAsync(DefinitionKind.Dashboard, "traffic", "{\"id\":\"traffic\"}", "dashboards/traffic.json");

        Assert.Equal(1, dashboard.Version);
        Assert.Equal("id: traffic\n", Assert.Single(await store.ListAsync(DefinitionKind.Collector)).Content);
        Assert.Equal("{\"id\":\"traffic\"}", Assert.Single(await store.ListAsync(DefinitionKind.Dashboard)).Content);
    }

    [Fact]
    public async Task List_SortsById()
    {
        var store = await InitializedAsync();
        foreach (var id in (string[])["water", "air", "Traffic", "energy"])
        {
            await store.UpsertAsync(DefinitionKind.Collector, id, "id: " + id, "admin");
        }

        var ids = (await store.ListAsync(DefinitionKind.Collector)).Select(d => d.Id);

        Assert.Equal(["Traffic", "air", "energy", "water"], ids);
    }

    [Fact]
    public async Task Delete_RemovesOnlyThatDefinition_AndAnswersWhetherOneWasThere()
    {
        var store = await InitializedAsync();
        await store.UpsertAsync(DefinitionKind.Collector, "portal", "a", "admin");
        await store.UpsertAsync(DefinitionKind.Collector, "traffic", "b", "admin");
        await store.UpsertAsync(DefinitionKind.Dashboard, "portal", "c", "admin");

        Assert.True(await store.DeleteAsync(DefinitionKind.Collector, "portal"));
        Assert.False(await store.DeleteAsync(DefinitionKind.Collector, "portal"));

        Assert.Equal(["traffic"], (await store.ListAsync(DefinitionKind.Collector)).Select(d => d.Id));
        Assert.Equal(["portal"], (await store.ListAsync(DefinitionKind.Dashboard)).Select(d => d.Id));
    }

    [Fact]
    public async Task Upsert_AfterDelete_StartsAgainAtVersion1()
    {
        var store = await InitializedAsync();
        await store.UpsertAsync(DefinitionKind.Collector, "portal", "a", "admin");
        await store.UpsertAsync(DefinitionKind.Collector, "portal", "b", "admin");
        await store.DeleteAsync(DefinitionKind.Collector, "portal");

        var again = await store.UpsertAsync(DefinitionKind.Collector, "portal", "c", "admin");

        Assert.Equal(1, again.Version);
    }

    [Fact]
    public async Task VietnameseText_ComesBackByteForByte()
    {
        var store = await InitializedAsync();

        // Precomposed and decomposed forms of the same words must both survive: nothing may normalize them.
        var composed = "Ủy ban nhân dân tỉnh Quảng Ninh: lượng mưa, nhiệt độ, chất lượng không khí".Normalize(NormalizationForm.FormC);
        var decomposed = "Tiếng Việt — Thừa Thiên Huế".Normalize(NormalizationForm.FormD);
        var content = $"\uFEFFid: thoi-tiet\r\nname: \"{composed}\"\r\ndescription: '{decomposed}'\t \n";
        Assert.NotEqual(decomposed, decomposed.Normalize(NormalizationForm.FormC));

        await store.UpsertAsync(DefinitionKind.Collector, "thoi-tiet", content, "collectors/thời-tiết.yaml");
        var read = Assert.Single(await (await CreateAsync()).ListAsync(DefinitionKind.Collector));

        Assert.Equal(Encoding.UTF8.GetBytes(content), Encoding.UTF8.GetBytes(read.Content));
        Assert.Equal(Encoding.UTF8.GetBytes("collectors/thời-tiết.yaml"), Encoding.UTF8.GetBytes(read.Source));
    }

    [Fact]
    public async Task Initialize_IsSafe_FromSeveralStoresAtOnce()
    {
        var stores = new List<IDefinitionStore>();
        for (var i = 0; i < 4; i++)
        {
            stores.Add(await CreateAsync());
        }

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.InitializeAsync())));

        await stores[0].UpsertAsync(DefinitionKind.Collector, "portal", "a", "admin");
        foreach (var store in stores)
        {
            Assert.Equal(["portal"], (await store.ListAsync(DefinitionKind.Collector)).Select(d => d.Id));
        }
    }

    [Fact]
    public async Task Initialize_KeepsWhatIsStored_WhenCalledAgain()
    {
        var store = await InitializedAsync();
        var stored = await store.UpsertAsync(DefinitionKind.Dashboard, "overview", "{}", "admin");

        await store.InitializeAsync();
        var restarted = await InitializedAsync();

        Assert.Equal([stored], await restarted.ListAsync(DefinitionKind.Dashboard));
    }

    [Fact]
    public async Task Upsert_CountsEachChangeOnce_WhenTwoStoresWriteTheSameContentAtOnce()
    {
        var first = await InitializedAsync();
        var second = await InitializedAsync();
        var ids = Enumerable.Range(0, 20).Select(i => $"collector-{i:00}").ToList();

        // As two processes provisioning the same files at the same moment.
        var results = await Task.WhenAll(ids.SelectMany(id => new[] { first, second }.Select(store =>
            Task.Run(() => store.UpsertAsync(DefinitionKind.Collector, id, "id: " + id, "collectors/" + id + ".yaml")))));

        Assert.All(results, r => Assert.Equal(1, r.Version));
        Assert.All(await first.ListAsync(DefinitionKind.Collector), d => Assert.Equal(1, d.Version));
        Assert.Equal(ids, (await second.ListAsync(DefinitionKind.Collector)).Select(d => d.Id));
    }

    [Fact]
    public async Task Ping_AnswersFalseBeforeInitialize_AndTrueAfter()
    {
        var store = await CreateAsync();

        Assert.False(await store.PingAsync());
        await store.InitializeAsync();
        Assert.True(await store.PingAsync());
    }
}
