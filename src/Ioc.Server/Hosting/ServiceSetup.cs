using Ioc.Collectors;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Features.Definitions;
using Ioc.Server.Features.Ingest;
using Ioc.Server.Features.Query;
using Ioc.Storage.InfluxDb;
using Ioc.Storage.PostgreSql;
using Ioc.Storage.Spool;
using Ioc.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Hosting;

internal static class ServiceSetup
{
    public static IServiceCollection AddIocOptions(this IServiceCollection services)
    {
        services.AddOptions<IocOptions>().BindConfiguration(IocOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<IocOptions>, PlaceholderSecrets>();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QueryOptions>().BindConfiguration(QueryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new TimeRangeRules(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<IngestOptions>>().Value.MaxFutureSkew,
            sp.GetRequiredService<IOptions<QueryOptions>>().Value.MaxSpan));
        return services;
    }

    /// <summary>Enums travel as camelCase text, as definition files write them (<c>"aggregation": "last"</c>).</summary>
    public static IServiceCollection AddIocJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(
            new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
        return services;
    }

    /// <summary>SQLite embedded; in production InfluxDB behind the durable spool, which keeps accepted points through outages.</summary>
    public static IServiceCollection AddIocStorage(this IServiceCollection services, IocProfile profile)
    {
        if (profile.MetricStore == "InfluxDb")
        {
            services.AddOptions<InfluxDbMetricStoreOptions>().BindConfiguration("Ioc:Storage:InfluxDb").ValidateDataAnnotations().ValidateOnStart();
            services.AddOptions<SpoolOptions>().BindConfiguration("Ioc:Storage:Spool").ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<InfluxDbMetricStore>();
            services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SpoolingMetricStore>(sp, sp.GetRequiredService<InfluxDbMetricStore>()));
            services.AddSingleton<IMetricStore>(sp => sp.GetRequiredService<SpoolingMetricStore>());
            services.AddSingleton<ISeriesCatalog>(sp => sp.GetRequiredService<InfluxDbMetricStore>());
            services.AddSingleton<SpoolReplayer>();
            services.AddHostedService<SpoolReplayService>();
        }
        else
        {
            services.AddOptions<SqliteMetricStoreOptions>().BindConfiguration("Ioc:Storage:Sqlite").ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<SqliteMetricStore>();
            services.AddSingleton<IMetricStore>(sp => sp.GetRequiredService<SqliteMetricStore>());
            services.AddSingleton<ISeriesCatalog>(sp => sp.GetRequiredService<SqliteMetricStore>());
        }

        return services;
    }

    public static IServiceCollection AddIocMetrics(this IServiceCollection services)
    {
        services.AddSingleton(sp => new MetricValidator(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<IngestOptions>>().Value.MaxFutureSkew));
        services.AddSingleton<MetricPipeline>();
        services.AddSingleton(sp => new SeriesLimits(sp.GetRequiredService<IOptions<IngestOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ISeriesCatalog>()));
        return services;
    }

    /// <summary>Definitions live in the configuration store (SQLite embedded, PostgreSQL in production), provisioned from the files.</summary>
    public static IServiceCollection AddIocDefinitions(this IServiceCollection services, IocProfile profile)
    {
        if (profile.UsesPostgreSql)
        {
            services.AddOptions<PostgreSqlOptions>().BindConfiguration("Ioc:PostgreSql").ValidateDataAnnotations().ValidateOnStart();
        }

        if (profile.ConfigurationStore == "PostgreSql")
        {
            services.AddSingleton<PostgreSqlDefinitionStore>();
            services.AddSingleton<IDefinitionStore>(sp => sp.GetRequiredService<PostgreSqlDefinitionStore>());
            services.AddSingleton<ICollectorRunStore>(sp => sp.GetRequiredService<PostgreSqlDefinitionStore>());
            services.AddSingleton<ICollectorStateStore>(sp => sp.GetRequiredService<PostgreSqlDefinitionStore>());
            services.AddSingleton<IManualEntryStore>(sp => sp.GetRequiredService<PostgreSqlDefinitionStore>());
            services.AddSingleton<IReportStore>(sp => sp.GetRequiredService<PostgreSqlDefinitionStore>());
            services.AddSingleton<ISecretStore>(sp => sp.GetRequiredService<PostgreSqlDefinitionStore>());
            services.AddSingleton<ISourceSeriesStore>(sp => sp.GetRequiredService<PostgreSqlDefinitionStore>());
            services.AddSingleton<Ioc.Core.Screens.IScreenStore>(sp => sp.GetRequiredService<PostgreSqlDefinitionStore>());
            services.AddSingleton<PostgreSqlAccessStore>();
            services.AddSingleton<Ioc.Core.Access.IAccessStore>(sp => sp.GetRequiredService<PostgreSqlAccessStore>());
            services.AddSingleton<Ioc.Core.Access.IKeyRingStore>(sp => sp.GetRequiredService<PostgreSqlAccessStore>());
            services.AddSingleton<Ioc.Core.Access.ISessionStore>(sp => sp.GetRequiredService<PostgreSqlAccessStore>());
        }
        else
        {
            services.AddOptions<SqliteDefinitionStoreOptions>().BindConfiguration("Ioc:Configuration:Sqlite").ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<SqliteDefinitionStore>();
            services.AddSingleton<IDefinitionStore>(sp => sp.GetRequiredService<SqliteDefinitionStore>());
            services.AddSingleton<ICollectorRunStore>(sp => sp.GetRequiredService<SqliteDefinitionStore>());
            services.AddSingleton<ICollectorStateStore>(sp => sp.GetRequiredService<SqliteDefinitionStore>());
            services.AddSingleton<IManualEntryStore>(sp => sp.GetRequiredService<SqliteDefinitionStore>());
            services.AddSingleton<IReportStore>(sp => sp.GetRequiredService<SqliteDefinitionStore>());
            services.AddSingleton<ISecretStore>(sp => sp.GetRequiredService<SqliteDefinitionStore>());
            services.AddSingleton<ISourceSeriesStore>(sp => sp.GetRequiredService<SqliteDefinitionStore>());
            services.AddSingleton<Ioc.Core.Screens.IScreenStore>(sp => sp.GetRequiredService<SqliteDefinitionStore>());
            services.AddSingleton<SqliteAccessStore>();
            services.AddSingleton<Ioc.Core.Access.IAccessStore>(sp => sp.GetRequiredService<SqliteAccessStore>());
            services.AddSingleton<Ioc.Core.Access.IKeyRingStore>(sp => sp.GetRequiredService<SqliteAccessStore>());
            services.AddSingleton<Ioc.Core.Access.ISessionStore>(sp => sp.GetRequiredService<SqliteAccessStore>());
        }

        services.AddHttpClient();
        services.AddOptions<SourceAddressOptions>().BindConfiguration(SourceAddressOptions.Section)
            .Validate(
                o => o.AllowedNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _) || System.Net.IPAddress.TryParse(n, out _)),
                "Ioc:Collectors:Http:AllowedNetworks holds an entry that is neither an address nor a network such as 10.20.0.0/16")
            .ValidateOnStart();
        services.AddCollectorKinds();
        services.AddSingleton<CollectorStatusBoard>();
        services.AddSingleton<DefinitionSet>();
        services.AddSingleton<DefinitionProvisioner>();
        services.AddSingleton<DefinitionVariables>();
        services.AddOptions<CollectorReloadOptions>().BindConfiguration(CollectorReloadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CollectorReloader>();
        services.AddHostedService(sp => sp.GetRequiredService<CollectorReloader>());
        services.AddSingleton(sp => sp.GetRequiredService<DefinitionSet>().Collectors);
        services.AddSingleton(sp => sp.GetRequiredService<DefinitionSet>().Dashboards);
        services.AddSingleton(sp => sp.GetRequiredService<DefinitionSet>().Plans);
        services.AddSingleton<CollectorRunner>();
        services.AddSingleton<Features.Collectors.CollectorAdministration>();
        services.AddSingleton<Features.Collectors.CollectorBackfills>();
        services.AddSingleton<Features.Collectors.CollectorTestRun>();
        return services;
    }
}
