using System.Text.Json.Nodes;

namespace Ioc.Core.Collecting;

/// <summary>
/// One source system as an administrator describes it in <c>collectors/*.yaml</c>. The kind-specific
/// part stays as <see cref="Spec"/> until the kind binds it.
/// </summary>
public sealed record CollectorDefinition
{
    public const string CurrentApiVersion = "ioc/v1";

    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Kind { get; init; }

    /// <summary>Cron expression, five fields or six with seconds first; empty for a kind that is never scheduled (<c>manual</c>).</summary>
    public required string Schedule { get; init; }

    public bool IsScheduled => Schedule.Length > 0;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Further attempts within one run after a transient failure (<see cref="CollectorException.Transient"/>), with
    /// growing waits, all within <see cref="Timeout"/>; zero tries once.
    /// </summary>
    public int Retries { get; init; } = DefaultRetries;

    public const int DefaultRetries = 2;

    /// <summary>
    /// Runs start at a random moment within this after their slot, so sources are not all asked on the same second;
    /// the points still carry the slot's time.
    /// </summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>
    /// How old the newest collected slot may be before the source counts as late; none means twice the gap between
    /// the schedule's next two runs (see <see cref="SourceFreshness"/>).
    /// </summary>
    public TimeSpan? Freshness { get; init; }

    public required JsonObject Spec { get; init; }

    /// <summary>Where it was read from, for messages.</summary>
    public required string Source { get; init; }
}
