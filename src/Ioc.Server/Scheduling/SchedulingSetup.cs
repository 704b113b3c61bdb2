using Hangfire;
using Hangfire.InMemory;
using Ioc.Server.Hosting;

namespace Ioc.Server.Scheduling;

internal static class SchedulingSetup
{
    /// <summary>Prefix of this process's Hangfire server name (Hangfire appends a unique suffix).</summary>
    public static readonly string ServerName = $"ioc:{Environment.MachineName}:{Environment.ProcessId}";

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
                config.UseIocPostgreSqlStorage(
                    configuration["Ioc:PostgreSql:ConnectionString"] ?? "",
                    configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>());
            }
            else
            {
                config.UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(1) });
            }
        });
        services.AddTransient<CollectorJob>();
        if (configuration.GetValue(SchedulingOptions.Section + ":" + nameof(SchedulingOptions.Enabled), true))
        {
            // Read through IOptions so that the validated values are used (a WorkerCount of 0 fails start-up by name).
            services.AddHangfireServer((sp, server) =>
            {
                var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SchedulingOptions>>().Value;
                server.WorkerCount = options.WorkerCount;

                // Hangfire triggers recurring jobs one after another, a few statements each; hundreds of collectors due
                // on the same second wait for each other unless several connections trigger them at once.
                server.MaxDegreeOfParallelismForSchedulers = options.SchedulerParallelism;
                // Collectors run every few seconds; the default 15 s polling would delay them.
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                server.ServerName = ServerName;
            });
            services.AddSingleton<CollectorScheduler>();
            services.AddHostedService(sp => sp.GetRequiredService<CollectorScheduler>());
            services.AddHostedService<CollectorReplay>();
            services.AddHostedService<SimulatorHistory>();
        }

        return services;
    }

    /// <summary>
    /// Hangfire's own pages, for admins only; its built-in local-requests rule gives way to the policy. Built on
    /// first use: mapping Hangfire's dashboard directly would open the job storage (and so the database) while the
    /// application is still being built, before settings are validated.
    /// </summary>
    public static IEndpointRouteBuilder MapJobDashboard(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var dashboard = new Lazy<RequestDelegate>(() =>
        {
            var branch = new ApplicationBuilder(services);
            branch.UseHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], DisplayStorageConnectionString = false, AppPath = null });
            branch.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
            return branch.Build();
        });
        app.Map("/hangfire/{**path}", context => dashboard.Value(context)).RequireAuthorization(Access.IocClaims.Policies.Admin);
        return app;
    }
}
