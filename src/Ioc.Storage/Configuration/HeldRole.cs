using Ioc.Core.Access;

namespace Ioc.Storage.Configuration;

/// <summary>
/// An account's role as read inside the write lock, and whether it is the only admin. Both adapters decide from
/// it alike; only how they take the lock differs.
/// </summary>
internal readonly record struct HeldRole(string Role, bool IsLastAdmin)
{
    /// <summary>The answer that ends a role change before any write, or null to go ahead and write.</summary>
    public static UserChange? DecideRoleChange(HeldRole? held, string role) =>
        held is not { } h ? UserChange.NotFound
        : h.Role == role ? UserChange.Done
        : h.IsLastAdmin && role != Roles.Admin ? UserChange.LastAdmin
        : null;

    /// <summary>The answer that ends a deletion before any write, or null to go ahead and delete.</summary>
    public static UserChange? DecideDeletion(HeldRole? held) =>
        held is not { } h ? UserChange.NotFound
        : h.IsLastAdmin ? UserChange.LastAdmin
        : null;
}
