using System.Text;
using Ioc.Core.Access;
using Ioc.Core.Configuration;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>
/// The <see cref="IAccessStore"/> contract, run once per adapter; every adapter also keeps the data-protection key
/// ring (<see cref="IKeyRingStore"/>) in the same schema. Every test gets a database of its own; a subclass only
/// says how to open stores on it and how the previous release laid it out. This part holds creating and reading
/// users and the schema; the changes to users, the credentials, the audit log and the key ring are in the other
/// parts.
/// </summary>
public abstract partial class AccessStoreContract : IAsyncLifetime
{
    // Vietnam's offset, so every test also proves that a time given with an offset comes back as the same instant.
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(7));

    private readonly List<object> _stores = [];

    /// <summary>
    /// A new, uninitialized store on this test's database. Each call opens another instance on the same
    /// database, as a second Ioc process would.
    /// </summary>
    protected abstract Task<IAccessStore> CreateAsync();

    /// <summary>
    /// Moves this test to another new, empty database: later calls of <see cref="CreateAsync"/> open stores on it,
    /// while stores opened before keep theirs. For tests that need a fresh start several times over.
    /// </summary>
    protected abstract Task UseNewDatabaseAsync();

    /// <summary>A new, uninitialized definition store on this test's database.</summary>
    protected abstract Task<IDefinitionStore> CreateDefinitionStoreAsync();

    /// <summary>
    /// Lays this test's database out as the release before the access tables left it: schema version 1, the
    /// definitions table only, holding the collector "portal" with content "id: portal\n".
    /// </summary>
    protected abstract Task CreateVersion1DatabaseAsync();

    /// <summary>
    /// Lays this test's database out as the release before sign-in throttling left it: schema version 2, every
    /// table of that version, and the user <c>User("lan")</c> locked by 5 failed sign-ins until T0 + 15 min.
    /// </summary>
    protected abstract Task CreateVersion2DatabaseAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores.OfType<IAsyncDisposable>())
        {
            await store.DisposeAsync();
        }
    }

    protected T Track<T>(T store)
        where T : class
    {
        _stores.Add(store);
        return store;
    }

    protected static UserAccount User(string name, string role = Roles.Operator) =>
        new(name, role, "AQAAAAIAAYagAAAAE" + name, false, "stamp-" + name, T0, T0);

    private async Task<IAccessStore> InitializedAsync()
    {
        var store = await CreateAsync();
        await store.InitializeAsync();
        return store;
    }

    [Fact]
    public async Task Users_AreNone_OnANewStore()
    {
        var store = await InitializedAsync();

        Assert.Equal(0, await store.CountUsersAsync());
        Assert.Empty(await store.ListUsersAsync());
        Assert.Null(await store.FindUserAsync("admin"));
    }

    [Fact]
    public async Task CreateUser_StoresEveryField_ForFindToReturn()
    {
        var store = await InitializedAsync();
        var mustChange = new UserAccount("lan", Roles.Leader, "hash", true, "stamp", T0, T0.AddHours(1));
        var oidc = User("minh") with { PasswordHash = null };

        await store.CreateUserAsync(mustChange);
        await store.CreateUserAsync(oidc);

        Assert.Equal(mustChange, await store.FindUserAsync("lan"));
        Assert.Equal(oidc, await store.FindUserAsync("minh"));
        Assert.Equal(2, await store.CountUsersAsync());
    }

    [Fact]
    public async Task FindUser_ComparesNamesExactly()
    {
        var store = await InitializedAsync();
        await store.CreateUserAsync(User("admin"));

        Assert.Null(await store.FindUserAsync("Admin"));
        Assert.Null(await store.FindUserAsync("admin "));
        Assert.NotNull(await store.FindUserAsync("admin"));
    }

    [Fact]
    public async Task ListUsers_SortsByName()
    {
        var store = await InitializedAsync();
        foreach (var name in (string[])["đức", "binh", "an", "Zoe"])
        {
            await store.CreateUserAsync(User(name));
        }

        // Byte order, whatever the database's locale: upper case first, letters outside ASCII last.
        Assert.Equal(["Zoe", "an", "binh", "đức"], (await store.ListUsersAsync()).Select(u => u.Name));
    }

    [Fact]
    public async Task CreateUser_FailsWithAConflictNamingTheUser_AndKeepsTheFirst_WhenTheNameExists()
    {
        var store = await InitializedAsync();
        var first = User("admin", Roles.Admin);
        await store.CreateUserAsync(first);

        var error = await Assert.ThrowsAsync<AccessConflictException>(() => store.CreateUserAsync(User("admin", Roles.Operator)));

        Assert.Contains("'admin'", error.Message, StringComparison.Ordinal);
        Assert.Equal([first], await store.ListUsersAsync());
    }

    [Fact]
    public async Task UserNames_InComposedAndDecomposedForm_AreTwoUsers_EachComingBackByteForByte()
    {
        var store = await InitializedAsync();
        var composed = "nguyễn.văn.đức".Normalize(NormalizationForm.FormC);
        var decomposed = composed.Normalize(NormalizationForm.FormD);

        await store.CreateUserAsync(User(composed));
        await store.CreateUserAsync(User(decomposed) with { SecurityStamp = "Ủy ban nhân dân" });

        Assert.Equal(Encoding.UTF8.GetBytes(composed), Encoding.UTF8.GetBytes((await store.FindUserAsync(composed))!.Name));
        var read = await (await CreateAsync()).FindUserAsync(decomposed);
        Assert.Equal(Encoding.UTF8.GetBytes(decomposed), Encoding.UTF8.GetBytes(read!.Name));
        Assert.Equal("Ủy ban nhân dân", read.SecurityStamp);
    }

    [Fact]
    public async Task Times_AreKeptToTheMicrosecond_InUtc()
    {
        var store = await InitializedAsync();
        var precise = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(7)).AddTicks(1_234_567);
        await store.CreateUserAsync(User("lan") with { CreatedAt = precise, UpdatedAt = precise });
        await store.RecordSignInFailureAsync("lan", "192.0.2.1", precise, precise.AddDays(-1));

        var read = await store.FindUserAsync("lan");
        var failures = await store.FindSignInFailuresAsync("lan", "192.0.2.1");

        var microseconds = new DateTimeOffset(2025, 3, 1, 1, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);
        Assert.All([read!.CreatedAt, read.UpdatedAt, failures!.LastFailureAt], time =>
        {
            Assert.Equal(microseconds.UtcTicks, time.UtcTicks);
            Assert.Equal(TimeSpan.Zero, time.Offset);
        });
    }

    [Fact]
    public async Task Initialize_KeepsWhatIsStored_WhenCalledAgain()
    {
        var store = await InitializedAsync();
        await store.CreateUserAsync(User("admin", Roles.Admin));

        await store.InitializeAsync();
        var restarted = await InitializedAsync();

        Assert.Equal([User("admin", Roles.Admin)], await restarted.ListUsersAsync());
    }

    [Fact]
    public async Task Initialize_IsSafe_FromAccessAndDefinitionStoresAtOnce()
    {
        var stores = new List<IAccessStore> { await CreateAsync(), await CreateAsync() };
        var definitions = new List<IDefinitionStore> { await CreateDefinitionStoreAsync(), await CreateDefinitionStoreAsync() };

        // As several processes starting together, each bringing its stores up in any order.
        await Task.WhenAll(
            stores.Select(s => Task.Run(() => s.InitializeAsync()))
                .Concat(definitions.Select(d => Task.Run(() => d.InitializeAsync()))));

        await stores[0].CreateUserAsync(User("admin"));
        await definitions[0].UpsertAsync(DefinitionKind.Collector, "portal", "id: portal\n", "admin");
        Assert.Equal(1, await stores[1].CountUsersAsync());
        Assert.Single(await definitions[1].ListAsync(DefinitionKind.Collector));
    }

    [Fact]
    public async Task Initialize_AddsTheAccessTables_ToADatabaseOfThePreviousRelease_KeepingItsDefinitions()
    {
        await CreateVersion1DatabaseAsync();
        var store = await CreateAsync();

        await store.InitializeAsync();

        await store.CreateUserAsync(User("admin"));
        await store.AppendAuditAsync(new AuditEntry(T0, "admin", "user.create", "admin", ""));
        await ((IKeyRingStore)store).StoreKeyRingElementAsync("key-1", "<key id=\"1\" />");
        Assert.Equal(1, await store.CountUsersAsync());
        Assert.Equal(1, (await store.RecordSignInFailureAsync("admin", "192.0.2.1", T0, T0.AddDays(-1))).Count);
        Assert.Equal(["<key id=\"1\" />"], await ((IKeyRingStore)store).ListKeyRingAsync());
        var definitions = await CreateDefinitionStoreAsync();
        await definitions.InitializeAsync();
        var portal = Assert.Single(await definitions.ListAsync(DefinitionKind.Collector));
        Assert.Equal(("portal", "id: portal\n", 1L), (portal.Id, portal.Content, portal.Version));
    }
}
