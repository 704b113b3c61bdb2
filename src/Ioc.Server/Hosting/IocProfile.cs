namespace Ioc.Server.Hosting;

/// <summary>
/// Which implementation serves each part. <c>Ioc:Mode</c> picks the defaults (Embedded: SQLite, Hangfire in
/// memory, simulator on; Production: InfluxDB, PostgreSQL, simulator off) and each part can be set on its own, except
/// that production never mounts the simulator.
/// </summary>
internal sealed record IocProfile(string Mode, string MetricStore, string SchedulingStorage, string ConfigurationStore, bool Simulator)
{
    public const string Embedded = "Embedded";
    public const string Production = "Production";

    public bool UsesPostgreSql => SchedulingStorage == "PostgreSql" || ConfigurationStore == "PostgreSql";

    /// <summary>Reads the profile; throws naming the setting when a value is not one Ioc knows.</summary>
    public static IocProfile From(IConfiguration configuration)
    {
        var mode = configuration["Ioc:Mode"] ?? Embedded;
        var production = mode switch
        {
            Embedded => false,
            Production => true,
            _ => throw Invalid("Ioc:Mode", mode, Embedded, Production),
        };
        var metrics = Choose(configuration, "Ioc:Storage:Kind", production ? "InfluxDb" : "Sqlite", "Sqlite", "InfluxDb");
        var scheduling = Choose(configuration, "Ioc:Scheduling:Storage", production ? "PostgreSql" : "InMemory", "InMemory", "PostgreSql");
        var config = Choose(configuration, "Ioc:Configuration:Store", production ? "PostgreSql" : "Sqlite", "Sqlite", "PostgreSql");
        var simulator = configuration.GetValue("Ioc:Simulator:Enabled", !production);
        if (production && simulator)
        {
            // Simulated figures must never reach a province's real store or wall from its own production address.
            throw new InvalidOperationException(
                "Ioc:Simulator:Enabled is true, but Ioc:Mode is Production, which never serves /sim: remove the setting, and for a demo " +
                "run the simulator's own host (src/Ioc.Simulator.Host, the compose profile demo) with Ioc:Variables:SIMULATOR_URL pointing at it");
        }

        return new IocProfile(mode, metrics, scheduling, config, simulator);
    }

    private static string Choose(IConfiguration configuration, string key, string fallback, params string[] allowed)
    {
        var value = configuration[key];
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        return allowed.Contains(value, StringComparer.Ordinal) ? value : throw Invalid(key, value, allowed);
    }

    private static InvalidOperationException Invalid(string key, string value, params string[] allowed) =>
        new($"{key} is '{value}'; expected one of {string.Join(", ", allowed)}");
}
