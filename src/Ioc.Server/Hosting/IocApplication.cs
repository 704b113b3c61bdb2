using Ioc.Core.Collecting;
using Ioc.Server.Access;
using Ioc.Server.Features.Admin;
using Ioc.Server.Features.Collectors;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Definitions;
using Ioc.Server.Features.Figures;
using Ioc.Server.Features.Health;
using Ioc.Server.Features.Ingest;
using Ioc.Server.Features.Languages;
using Ioc.Server.Features.Observability;
using Ioc.Server.Features.Plans;
using Ioc.Server.Features.Provenance;
using Ioc.Server.Features.Query;
using Ioc.Server.Features.Reports;
using Ioc.Server.Features.Screens;
using Ioc.Server.Features.Secrets;
using Ioc.Server.Features.ServiceIndex;
using Ioc.Server.Features.Sources;
using Ioc.Server.Features.Units;
using Ioc.Server.Http;
using Ioc.Server.Live;
using Ioc.Server.Scheduling;
using Ioc.Simulator;
using Microsoft.Extensions.Options;
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
        var profile = IocProfile.From(builder.Configuration);
        builder.Services.AddSingleton(profile);
        builder.Services.AddIocOptions();
        builder.Services.AddIocJson();
        builder.Services.AddProblemDetails();
        builder.Services.AddIocCompression();
        builder.Services.AddExceptionHandler<StoreUnavailableHandler>();
        builder.Services.AddSingleton<Http.ConfigurationStoreProbe>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddIocStorage(profile);
        builder.Services.AddIocMetrics();
        builder.Services.AddIocDefinitions(profile);
        builder.Services.AddCollectorHistory();
        builder.Services.AddManualEntries();
        builder.Services.AddSecrets();
        builder.Services.AddSources();
        builder.Services.AddScreens();
        builder.Services.AddPlans();
        builder.Services.AddUnits(builder.Configuration);
        builder.Services.AddReports();
        builder.Services.AddLanding();
        builder.Services.AddPlaylists();
        builder.Services.AddProvenance();
        builder.Services.AddFigures();
        builder.Services.AddServiceIndex();
        builder.Services.AddIocLive(builder.Configuration);
        builder.Services.AddIocAccess(builder.Configuration, profile.Mode == IocProfile.Production);
        builder.Services.AddIocProxy(builder.Configuration);
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        builder.Services.AddRazorComponents();
        // Admin pages take their text from a .resx beside each page; Vietnamese is the neutral language.
        builder.Services.AddLocalization();
        builder.Services.AddIocLanguages();
        builder.Services.AddIocScheduling(builder.Configuration, profile);
        builder.Services.AddIocHealth(profile);
        builder.Services.AddIocObservability();
        builder.Services.AddSimulator(o =>
        {
            builder.Configuration.GetSection("Ioc:Simulator").Bind(o);
            o.Enabled = profile.Simulator;
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseQueryCredentials();
        app.WarnIfKeyRingUnprotected(profile.Mode == IocProfile.Production);
        app.UseIocProxy(profile.Mode == IocProfile.Production);
        app.UseSecurityHeaders();
        app.UseNoStoreForSecrets();
        app.UseSerilogRequestLogging(o =>
        {
            o.GetLevel = new RequestLogLevel(app.Services.GetRequiredService<IOptions<LoggingOptions>>().Value.SlowRequest).For;
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
        });
        app.UseExceptionHandler();
        // Scripts, styles and chart libraries are public; everything after routing carries its policy.
        app.UseIocCompression();
        app.UseStaticFiles();
        app.UseStoreOutageGate();
        app.UseRouting();
        app.UseIocLanguages();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseSameOriginWrites();
        app.UseReadBudget();
        app.MapIocHealth();
        app.MapMetricsApi();
        app.MapAccountApi();
        app.MapLanguageApi();
        app.MapAdminApi();
        app.MapIngestApi();
        app.MapQueryApi();
        app.MapDashboardsApi();
        app.MapPlaylistsApi();
        app.MapCollectorsApi();
        app.MapManualEntriesApi();
        app.MapSecretsApi();
        app.MapSourcesApi();
        app.MapScreensApi();
        app.MapPlansApi();
        app.MapUnitsApi();
        app.MapReportsApi();
        app.MapProvenanceApi();
        app.MapFiguresApi();
        app.MapServiceIndexApi();
        app.MapLiveHub();
        app.MapSimulator();
        app.MapJobDashboard();
        app.MapRazorComponents<Admin.Shell.App>();

        return app;
    }

    /// <summary>
    /// Provisions and loads collector and dashboard definitions before the server starts; a bad file stops
    /// start-up with every problem listed by file and field.
    /// </summary>
    public static async Task<bool> LoadDefinitionsAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            // Settings first: an example secret must stop start-up before it becomes the first admin's password.
            _ = app.Services.GetRequiredService<IOptions<IocOptions>>().Value;
            _ = app.Services.GetRequiredService<IOptions<Live.LiveOptions>>().Value;
            app.Services.GetRequiredService<UnitCatalog>().Load();
            await app.Services.GetRequiredService<DefinitionProvisioner>().LoadAsync();
            await app.Services.GetRequiredService<AdminBootstrap>().EnsureAdminAsync();
            return true;
        }
        catch (DefinitionException ex)
        {
            // A kind may quote a value it refused, and that value may have come from a secret.
            var mask = app.Services.GetRequiredService<SecretMask>();
            LogInvalidDefinitions(app.Logger, Environment.NewLine + string.Join(Environment.NewLine, ex.Problems.Select(p => mask.Mask(p))));
            return false;
        }
        catch (OptionsValidationException ex)
        {
            LogInvalidSettings(app.Logger, Environment.NewLine + string.Join(Environment.NewLine, ex.Failures));
            return false;
        }
    }

    [LoggerMessage(LogLevel.Critical, "Cannot start: invalid settings:{Problems}")]
    private static partial void LogInvalidSettings(Microsoft.Extensions.Logging.ILogger logger, string problems);

    [LoggerMessage(LogLevel.Critical, "Cannot start: invalid definitions:{Problems}")]
    private static partial void LogInvalidDefinitions(Microsoft.Extensions.Logging.ILogger logger, string problems);
}
