using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Ioc.Server.Hosting;

internal static class LoggingSetup
{
    public static void AddIocLogging(this WebApplicationBuilder builder)
    {
        // Each host keeps its own logger rather than the process-wide static one, so two hosts in one process
        // (tests, tools) never write into each other's sinks.
        builder.Services.AddSerilog((services, config) => Configure(config, builder.Configuration), preserveStaticLogger: true);
    }

    private static void Configure(LoggerConfiguration config, ConfigurationManager configuration)
    {
        config.ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        var jsonFile = configuration[$"{LoggingOptions.Section}:JsonFile"];
        if (!string.IsNullOrWhiteSpace(jsonFile))
        {
            config.WriteTo.File(new CompactJsonFormatter(), jsonFile, rollingInterval: RollingInterval.Day);
        }
    }
}

/// <summary>Request logs at Information, except the noise of health probes and static files.</summary>
internal static class RequestLogLevel
{
    public static LogEventLevel For(HttpContext context, double elapsedMs, Exception? ex)
    {
        if (ex is not null || context.Response.StatusCode >= 500)
        {
            return LogEventLevel.Error;
        }

        var path = context.Request.Path;
        return path.StartsWithSegments("/healthz") || path.StartsWithSegments("/lib") || path.StartsWithSegments("/js") || path.StartsWithSegments("/css")
            ? LogEventLevel.Debug
            : LogEventLevel.Information;
    }
}
