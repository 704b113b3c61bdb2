using Microsoft.Extensions.Options;

namespace Ioc.Simulator.Host;

/// <summary>
/// The simulated provincial systems on a port of their own: <c>/sim/…</c> exactly as the embedded Ioc serves it,
/// configured by the same <c>Ioc:Simulator</c> settings, and <c>/healthz</c> for container health checks.
/// </summary>
internal static partial class SimulatorHost
{
    public static WebApplication Build(string[] args)
    {
        // Settings ship beside the binary, so the host behaves the same whatever folder it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSimulator(o =>
        {
            builder.Configuration.GetSection(SimulatorOptions.SectionName).Bind(o);
            // Serving /sim is this host's only purpose; Enabled only chooses whether an Ioc server mounts it.
            o.Enabled = true;
        });

        var app = builder.Build();
        app.UseRouting();
        app.UseRateLimiter();
        app.MapGet("/healthz", () => TypedResults.Text("Healthy")).ExcludeFromDescription();
        app.MapSimulator();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var options = app.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            LogServing(app.Logger, options.Province, options.Seed, options.RequestsPerMinute);
        });
        return app;
    }

    [LoggerMessage(LogLevel.Information, "Simulating province {Province} (seed {Seed}) under /sim, {RequestsPerMinute} requests a minute per client address")]
    private static partial void LogServing(ILogger logger, string province, int seed, int requestsPerMinute);
}
