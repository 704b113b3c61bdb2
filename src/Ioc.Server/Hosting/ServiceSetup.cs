using Ioc.Core.Collecting;
using Ioc.Core.Live;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Collectors;
using Ioc.Server.Features.Dashboards;
using Ioc.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Hosting;

internal static class ServiceSetup
{
    public static IServiceCollection AddIocOptions(this IServiceCollection services)
    {
        services.AddOptions<IocOptions>().BindConfiguration(IocOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>Enums travel as camelCase text, as definition files write them (<c>"aggregation": "last"</c>).</summary>
    public static IServiceCollection AddIocJson(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(
            new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase, allowIntegerValues: false)));
        return services;
    }

    public static IServiceCollection AddIocStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SqliteMetricStoreOptions>().BindConfiguration("Ioc:Storage:Sqlite").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SqliteMetricStore>();
        services.AddSingleton<IMetricStore>(sp => sp.GetRequiredService<SqliteMetricStore>());
        return services;
    }

    public static IServiceCollection AddIocMetrics(this IServiceCollection services)
    {
        services.AddSingleton(sp => new MetricValidator(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<IngestOptions>>().Value.MaxFutureSkew));
        services.AddSingleton<MetricPipeline>();
        return services;
    }

    public static IServiceCollection AddIocDefinitions(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.AddSingleton<CollectorStatusBoard>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<IocOptions>>().Value;
            var env = sp.GetRequiredService<IWebHostEnvironment>();
            var variables = new Dictionary<string, string>(options.Variables, StringComparer.Ordinal);
            variables.TryAdd("SIMULATOR_URL", SelfUrl(sp.GetRequiredService<IConfiguration>()));
            var definitions = CollectorDefinitionLoader.LoadDirectory(FolderLocator.Resolve(options.CollectorsPath, env.ContentRootPath), variables);
            return CollectorCatalog.Build(definitions, CollectorKinds.Create(sp.GetRequiredService<IHttpClientFactory>()));
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<IocOptions>>().Value;
            var env = sp.GetRequiredService<IWebHostEnvironment>();
            return new DashboardCatalog(Core.Dashboards.DashboardLoader.LoadDirectory(FolderLocator.Resolve(options.DashboardsPath, env.ContentRootPath)));
        });
        services.AddSingleton<CollectorRunner>();
        return services;
    }

    /// <summary>The first URL this server listens on, as a client on this machine reaches it.</summary>
    private static string SelfUrl(IConfiguration configuration)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://localhost:5080";
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('/');
        return first.Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
    }
}
