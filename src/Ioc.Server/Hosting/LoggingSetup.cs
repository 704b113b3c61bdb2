using System.Collections.Concurrent;
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

        // Serilog's factory makes a new logger at every call, and handlers created per request (authentication's)
        // ask for one each time: a hub connection is a request that lasts for hours, so thousands of wall screens
        // would each keep their own copies. One logger per category, as Microsoft's factory does.
        var serilog = builder.Services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        builder.Services.Remove(serilog);
        builder.Services.AddSingleton<ILoggerFactory>(sp => new LoggerPerCategory(
            (ILoggerFactory)(serilog.ImplementationFactory?.Invoke(sp) ?? serilog.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, serilog.ImplementationType!))));
    }

    private static void Configure(LoggerConfiguration config, ConfigurationManager configuration)
    {
        config.ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Enrich.With(new Access.CredentialRedaction())
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        var jsonFile = configuration[$"{LoggingOptions.Section}:JsonFile"];
        if (!string.IsNullOrWhiteSpace(jsonFile))
        {
            config.WriteTo.File(new CompactJsonFormatter(), jsonFile, rollingInterval: RollingInterval.Day);
        }
    }
}

/// <summary>A logger factory that creates each category's logger once.</summary>
internal sealed class LoggerPerCategory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, Microsoft.Extensions.Logging.ILogger> _loggers = new(StringComparer.Ordinal);

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, inner.CreateLogger);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

/// <summary>
/// Request logs say what needs a look: failures (5xx, exceptions) at Error, slow requests at Warning, refusals and
/// bad requests (4xx) at Information; every other request at Debug, so a wall's steady traffic and the probes stay
/// out of the log unless asked for (<c>Serilog:MinimumLevel:Default=Debug</c>).
/// </summary>
internal sealed class RequestLogLevel(TimeSpan slowRequest)
{
    public LogEventLevel For(HttpContext context, double elapsedMs, Exception? ex)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = context.Response.StatusCode;
        if (ex is not null || status >= 500)
        {
            return LogEventLevel.Error;
        }

        // A hub connection lasts as long as the screen is open: its length says nothing about speed.
        if (elapsedMs >= slowRequest.TotalMilliseconds && !context.Request.Path.StartsWithSegments("/hubs"))
        {
            return LogEventLevel.Warning;
        }

        return status >= 400 ? LogEventLevel.Information : LogEventLevel.Debug;
    }
}
