using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Hosting;

/// <summary>The <c>Ioc</c> section of configuration; each part is validated at start-up.</summary>
public sealed class IocOptions
{
    public const string Section = "Ioc";

    /// <summary><c>Embedded</c>: SQLite, in-memory scheduling and the simulator, no servers needed.</summary>
    [AllowedValues("Embedded", "Production")]
    public string Mode { get; set; } = "Embedded";

    /// <summary>Folder of collector definitions; relative paths are looked up from the content root upwards.</summary>
    [Required]
    public string CollectorsPath { get; set; } = "collectors";

    [Required]
    public string DashboardsPath { get; set; } = "dashboards";

    /// <summary>Folder of plan files (<c>plans/*.yaml</c>): legal documents with their targets and tasks.</summary>
    [Required]
    public string PlansPath { get; set; } = "plans";

    /// <summary>Folder of index scoring tables (the national service index, <c>indices/*.yaml</c>).</summary>
    [Required]
    public string IndicesPath { get; set; } = "indices";

    /// <summary>
    /// Values for <c>${NAME}</c> in definition files. <c>SIMULATOR_URL</c> defaults to this server, which serves
    /// <c>/sim</c> only in embedded mode; in production it names the simulator's own host or the collectors name real systems.
    /// </summary>
    public Dictionary<string, string> Variables { get; set; } = [];

    /// <summary>
    /// The compose profiles the stack runs with (<c>COMPOSE_PROFILES</c>, passed on by docker-compose.yml). With
    /// <c>demo</c> among them the example secrets of .env.example are accepted, with a warning naming each setting, and
    /// the simulator-fed collectors get their demo history as in the embedded default.
    /// </summary>
    public string? ComposeProfiles { get; set; }

    internal bool IsComposeDemo => (ComposeProfiles ?? "").Split(',', StringSplitOptions.TrimEntries).Contains("demo", StringComparer.Ordinal);
}

public sealed class SchedulingOptions
{
    public const string Section = "Ioc:Scheduling";

    /// <summary>Off for processes that only serve (and in some tests).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 200)]
    public int WorkerCount { get; set; } = 8;

    /// <summary>Connections Hangfire triggers due collectors on at once (its recurring and delayed job schedulers).</summary>
    [Range(1, 64)]
    public int SchedulerParallelism { get; set; } = 4;

    /// <summary>
    /// On PostgreSQL, how often an idle worker looks for a job enqueued by another process. With
    /// <see cref="LongPolling"/>, an enqueue wakes the idle workers of every process at once instead.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// PostgreSQL LISTEN/NOTIFY: every enqueue wakes every idle worker, which all try to fetch it and listen again,
    /// a dozen statements per job when hundreds are due together (see docs/PERFORMANCE.md).
    /// </summary>
    public bool LongPolling { get; set; }

    /// <summary>Run every collector once at start-up so a wall has data within seconds.</summary>
    public bool RunAllAtStart { get; set; } = true;

    /// <summary>
    /// How much of the recent past to collect at start-up from sources that answer as of a time
    /// (<c>spec.asOfParameter</c>); zero turns replay off.
    /// </summary>
    public TimeSpan ReplayOnStart { get; set; } = TimeSpan.FromHours(2);

    /// <summary>At most one replayed slot per this interval, so a 5-second schedule does not replay 1,440 slots.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReplayStep { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// At most this many slots a collector missed while the scheduler could not run (its storage was down) are
    /// collected afterwards, each one; older ones are counted as missed.
    /// </summary>
    [Range(0, 100_000)]
    public int CatchUpLimit { get; set; } = 360;

    /// <summary>
    /// Collectors one schedule's job runs at once on the node that takes it; the others of that slot wait their turn.
    /// Runs mostly wait on their sources, so this can be well above the cores.
    /// </summary>
    [Range(1, 1024)]
    public int SlotConcurrency { get; set; } = 32;

    /// <summary>
    /// One Hangfire job per collector and slot, as earlier versions ran them, instead of one per schedule: runs spread
    /// over every node's workers, at some fifty statements of job storage each.
    /// </summary>
    public bool JobPerCollector { get; set; }
}

public sealed class LoggingOptions
{
    public const string Section = "Ioc:Logging";

    /// <summary>Path of a rolling JSON log (compact Serilog format); none when empty.</summary>
    public string? JsonFile { get; set; }
}
