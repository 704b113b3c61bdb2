using Ioc.Core.Access;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>The audit log.</summary>
public abstract partial class AccessStoreContract
{
    private static AuditEntry Entry(int minute, string actor = "admin", string action = "user.update") =>
        new(T0.AddMinutes(minute), actor, action, "user:lan", $"minute {minute}");

    private async Task<IAccessStore> AuditedAsync(params AuditEntry[] entries)
    {
        var store = await InitializedAsync();
        foreach (var entry in entries)
        {
            await store.AppendAuditAsync(entry);
        }

        return store;
    }

    [Fact]
    public async Task QueryAudit_AnswersTheEntriesFromSinceUpToButNotIncludingUntil_NewestFirst()
    {
        var store = await AuditedAsync(Entry(0), Entry(20), Entry(10), Entry(30), Entry(40));

        var entries = await store.QueryAuditAsync(T0.AddMinutes(10), T0.AddMinutes(40), null, 100);

        Assert.Equal([Entry(30), Entry(20), Entry(10)], entries);
    }

    [Fact]
    public async Task QueryAudit_FiltersByActor_WhenOneIsGiven()
    {
        var store = await AuditedAsync(Entry(0, "admin"), Entry(1, "lan"), Entry(2, "admin"), Entry(3, "Admin"));

        var entries = await store.QueryAuditAsync(T0, T0.AddHours(1), "admin", 100);

        Assert.Equal([Entry(2, "admin"), Entry(0, "admin")], entries);
    }

    [Fact]
    public async Task QueryAudit_AnswersAtMostTheLimit_KeepingTheNewest()
    {
        var store = await AuditedAsync([.. Enumerable.Range(0, 10).Select(m => Entry(m))]);

        var entries = await store.QueryAuditAsync(T0, T0.AddHours(1), null, 3);

        Assert.Equal([Entry(9), Entry(8), Entry(7)], entries);
        Assert.Empty(await store.QueryAuditAsync(T0, T0.AddHours(1), null, 0));
    }

    [Fact]
    public async Task QueryAudit_OrdersEntriesOfTheSameMoment_LastWrittenFirst()
    {
        var first = new AuditEntry(T0, "admin", "token.create", "token:t1", "");
        var second = first with { Action = "token.revoke" };
        var store = await AuditedAsync(first, second);

        Assert.Equal([second, first], await store.QueryAuditAsync(T0, T0.AddTicks(10), null, 10));
    }

    [Fact]
    public async Task AppendAudit_KeepsVietnameseTextAndEmptyFields()
    {
        var entry = new AuditEntry(T0, "quản.trị", "dashboard.update", "dashboard:giao-thông", "");
        var store = await AuditedAsync(entry);

        Assert.Equal([entry], await (await CreateAsync()).QueryAuditAsync(T0.AddDays(-1), T0.AddDays(1), "quản.trị", 10));
    }
}
