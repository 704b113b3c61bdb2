using Hangfire;
using Hangfire.InMemory;
using Ioc.Server.Hosting;

namespace Ioc.Server.Scheduling;

internal static class SchedulingSetup
{
    public static IServiceCollection AddIocScheduling(this IServiceCollection services, IConfiguration configuration, IocProfile profile)
    {
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (profile.SchedulingStorage == "PostgreSql")
            {
                // Validated at start-up with the other PostgreSQL settings (PostgreSqlOptions).
                config.UseIocPostgreSqlStorage(configuration["Ioc:PostgreSql:ConnectionString"] ?? "");
            }
            else
            {
                config.UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(1) });
            }
        });
        services.AddTransient<CollectorJob>();
        var options = configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        if (options.Enabled)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.WorkerCount;
                // Collectors run every few seconds; the default 15 s polling would delay them.
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                server.ServerName = $"ioc:{Environment.MachineName}:{Environment.ProcessId}";
            });
            services.AddHostedService<CollectorScheduler>();
            services.AddHostedService<CollectorReplay>();
        }

        return services;
    }
}
