using Ioc.Core.Access;

namespace Ioc.Server.Access;

/// <summary>Records who did what to what: in the configuration store for admins to query, and in the log.</summary>
internal sealed partial class AuditLog(IAccessStore store, TimeProvider clock, ILogger<AuditLog> logger)
{
    /// <param name="detail">Never a secret: callers describe what changed, not the credential.</param>
    public async Task RecordAsync(string actor, string action, string target, string detail = "", CancellationToken cancellationToken = default)
    {
        await store.AppendAuditAsync(new AuditEntry(clock.GetUtcNow(), actor, action, target, detail), cancellationToken);
        LogAction(actor, action, target, detail);
    }

    [LoggerMessage(LogLevel.Information, "Audit: {Actor} {Action} {Target} {Detail}")]
    private partial void LogAction(string actor, string action, string target, string detail);
}
