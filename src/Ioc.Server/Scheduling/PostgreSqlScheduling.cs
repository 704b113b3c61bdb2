using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Ioc.Server.Hosting;

namespace Ioc.Server.Scheduling;

/// <summary>
/// Hangfire's jobs in PostgreSQL, so several Ioc processes share one schedule: each occurrence of a collector
/// is enqueued once and run by one of them. The settings suit collectors, which run for seconds every few
/// seconds, rather than Hangfire's defaults, which suit jobs run every few minutes.
/// </summary>
internal static class PostgreSqlScheduling
{
    /// <summary>Hangfire's tables live in a schema of their own, apart from Ioc's configuration tables.</summary>
    public const string SchemaName = "hangfire";

    public static IGlobalConfiguration UseIocPostgreSqlStorage(this IGlobalConfiguration config, string connectionString, SchedulingOptions? scheduling = null) =>
        config.UseStorage(CreateStorage(connectionString, scheduling));

    /// <summary>The storage as <see cref="UseIocPostgreSqlStorage"/> configures it, for tests that run several servers in one process.</summary>
    public static PostgreSqlStorage CreateStorage(string connectionString, SchedulingOptions? scheduling = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = CreateOptions(scheduling ?? new SchedulingOptions());

        // Connects at once: the schema is created or migrated here, so a wrong setting fails at start-up.
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    public static PostgreSqlStorageOptions CreateOptions(SchedulingOptions scheduling) => new()
    {
        SchemaName = SchemaName,

        // Hangfire installs and migrates its tables at start-up, inside a serializable transaction, so two
        // processes starting together do not both install them (the loser retries; see below).
        PrepareSchemaIfNecessary = true,

        // A worker that wakes every second finds a job enqueued by another process within a second; the
        // process that enqueued it is woken at once anyway. The cost is one small query per idle worker.
        QueuePollInterval = scheduling.QueuePollInterval,

        // LISTEN/NOTIFY (off by default): an enqueue in one process wakes the idle workers of all processes at once,
        // which then all try to fetch it and listen again. Each waiting worker holds one more connection while it
        // listens, so count WorkerCount twice per process against PostgreSQL's max_connections.
        EnableLongPolling = scheduling.LongPolling,

        // A fetched job stays invisible to other servers while the server that took it is alive: a heartbeat
        // renews it every InvisibilityTimeout / 5 (12 s). If that server dies, the job is handed out again after
        // one minute rather than the default 30. Collector runs are keyed by their slot, so a repeat overwrites.
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromMinutes(1),

        // Not a wait: locks older than this count as abandoned by a dead process and are taken over. Hangfire
        // does not renew them, so this is how long a crash blocks the collectors that were running (and, rarely,
        // the recurring scheduler). Above the 10 s default collector timeout with room to spare; a collector
        // allowed to run longer than this may overlap its next run, which then writes the same slot again.
        DistributedLockTimeout = TimeSpan.FromMinutes(1),

        // The database may still be starting (docker compose, a failover): retry for about half a minute
        // (1 + 2 + 4 + 8 + 16 s), then fail the start instead of running without a schedule.
        StartupConnectionMaxRetries = 5,
        AllowDegradedModeWithoutStorage = false,
    };
}
