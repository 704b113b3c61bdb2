using Ioc.Core.Collecting;
using Ioc.Server.Features.Collectors;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Health;
using Ioc.Server.Features.Ingest;
using Ioc.Server.Features.Query;
using Ioc.Server.Live;
using Ioc.Server.Scheduling;
using Ioc.Simulator;
using Serilog;

namespace Ioc.Server.Hosting;

/// <summary>Composes the server; <c>Program</c> and the integration tests build the same application.</summary>
public static partial class IocApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings and static files ship beside the binary, so the server behaves the same whatever
        // folder it is started from; data and definition paths stay relative to the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory, ApplicationName = typeof(IocApplication).Assembly.GetName().Name });
        builder.AddIocLogging();
        builder.Services.AddIocOptions();
        builder.Services.AddIocJson();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddIocStorage(builder.Configuration);
        builder.Services.AddIocMetrics();
        builder.Services.AddIocDefinitions();
        builder.Services.AddIocLive();
        builder.Services.AddIocScheduling(builder.Configuration);
        builder.Services.AddIocHealth();
        builder.Services.AddSimulator(builder.Configuration.GetSection("Ioc:Simulator"));
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseSerilogRequestLogging(o => o.GetLevel = RequestLogLevel.For);
        app.UseStaticFiles();
        app.MapIocHealth();
        app.MapIngestApi();
        app.MapQueryApi();
        app.MapDashboardsApi();
        app.MapCollectorsApi();
        app.MapLiveHub();
        if (builder.Configuration.GetValue("Ioc:Simulator:Enabled", true))
        {
            app.MapSimulator();
        }

        return app;
    }

    /// <summary>
    /// Loads collector and dashboard definitions before the server starts; a bad file stops start-up with
    /// every problem listed by file and field.
    /// </summary>
    public static bool LoadDefinitionsOrReport(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetRequiredService<CollectorCatalog>();
            app.Services.GetRequiredService<DashboardCatalog>();
            return true;
        }
        catch (DefinitionException ex)
        {
            LogInvalidDefinitions(app.Logger, Environment.NewLine + string.Join(Environment.NewLine, ex.Problems));
            return false;
        }
    }

    [LoggerMessage(LogLevel.Critical, "Cannot start: invalid definitions:{Problems}")]
    private static partial void LogInvalidDefinitions(Microsoft.Extensions.Logging.ILogger logger, string problems);
}
