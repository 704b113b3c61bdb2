using Ioc.Core.Access;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>
/// Changes to accounts made at the same moment through two store instances, as two Ioc processes would make
/// them. Each race is run many times, so that a check made apart from its change is caught, not just possible.
/// </summary>
public abstract partial class AccessStoreContract
{
    private const int Rounds = 20;

    [Fact]
    public async Task SetPassword_LetsOnlyOneOfTwoChangesAgainstTheSameStampThrough_WhenTheyRaceThroughTwoStores()
    {
        var first = await InitializedAsync();
        var second = await InitializedAsync();
        var failures = new List<string>();
        for (var round = 1; round <= Rounds; round++)
        {
            // As a reset by an admin and the user's own change, both begun while the account had its old stamp.
            var name = $"lan{round}";
            await first.CreateUserAsync(User(name));
            var results = await AtOnceAsync(
                () => first.SetPasswordAsync(name, "reset-hash", true, "stamp-reset", "stamp-" + name, T0.AddHours(1)),
                () => second.SetPasswordAsync(name, "chosen-hash", false, "stamp-chosen", "stamp-" + name, T0.AddHours(1)));

            var read = await first.FindUserAsync(name);
            var expected = results[0] ? ("reset-hash", "stamp-reset") : ("chosen-hash", "stamp-chosen");
            if (results[0] == results[1] || (read!.PasswordHash, read.SecurityStamp) != expected)
            {
                failures.Add($"round {round}: results {string.Join("/", results)}, stored {read!.PasswordHash} {read.SecurityStamp}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public Task SetRole_LeavesExactlyOneAdmin_WhenTwoAdminsDemoteEachOtherAtOnce() =>
        RaceTwoAdminsAsync(
            (store, other) => store.SetRoleAsync(other, Roles.Operator, "stamp-demoted-" + other, T0.AddHours(1)),
            (store, other) => store.SetRoleAsync(other, Roles.Operator, "stamp-demoted-" + other, T0.AddHours(1)));

    [Fact]
    public Task DeleteUser_LeavesExactlyOneAdmin_WhenTwoAdminsDeleteEachOtherAtOnce() =>
        RaceTwoAdminsAsync(
            (store, other) => store.DeleteUserAsync(other),
            (store, other) => store.DeleteUserAsync(other));

    [Fact]
    public Task SetRoleAndDeleteUser_LeaveExactlyOneAdmin_WhenOneAdminDemotesTheOtherWhoDeletesTheFirstAtOnce() =>
        RaceTwoAdminsAsync(
            (store, other) => store.SetRoleAsync(other, Roles.Leader, "stamp-demoted-" + other, T0.AddHours(1)),
            (store, other) => store.DeleteUserAsync(other));

    /// <summary>
    /// <see cref="Rounds"/> times, on a new database each: the only two admins act on each other at the same
    /// moment through two store instances, as two processes would. One must win and the other be refused.
    /// </summary>
    private async Task RaceTwoAdminsAsync(Func<IAccessStore, string, Task<UserChange>> anActs, Func<IAccessStore, string, Task<UserChange>> binhActs)
    {
        var failures = new List<string>();
        for (var round = 1; round <= Rounds; round++)
        {
            await UseNewDatabaseAsync();
            var first = await WithUsersAsync(User("an", Roles.Admin), User("binh", Roles.Admin), User("lan", Roles.Leader));
            var second = await InitializedAsync();

            var results = await AtOnceAsync(() => anActs(first, "binh"), () => binhActs(second, "an"));

            var admins = (await first.ListUsersAsync()).Where(u => u.Role == Roles.Admin).Select(u => u.Name).ToList();
            if (admins.Count != 1 || !results.Order().SequenceEqual([UserChange.Done, UserChange.LastAdmin]))
            {
                failures.Add($"round {round}: results {string.Join("/", results)}, admins left [{string.Join(", ", admins)}]");
            }

            // Two connection pools per round would otherwise pile up until the test ends.
            foreach (var store in new[] { first, second }.OfType<IAsyncDisposable>())
            {
                await store.DisposeAsync();
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>
    /// Runs both calls at the same moment: each on a thread of its own, let go together. Started one after the
    /// other (two Task.Run), the first is often done before the second begins, and a check made apart from its
    /// change would pass these tests unnoticed.
    /// </summary>
    private static async Task<T[]> AtOnceAsync<T>(Func<Task<T>> first, Func<Task<T>> second)
    {
        using var start = new Barrier(2);
        return await Task.WhenAll(
            Task.Factory.StartNew(() => { start.SignalAndWait(); return first(); }, TaskCreationOptions.LongRunning).Unwrap(),
            Task.Factory.StartNew(() => { start.SignalAndWait(); return second(); }, TaskCreationOptions.LongRunning).Unwrap());
    }
}
