using System.Text.Json;
using Ioc.Server.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ioc.Server.Features.Health;

/// <summary>
/// <c>/healthz</c> (live): the process serves requests, and nothing else is asked, so a database outage never gets
/// a healthy Ioc restarted in the middle of it (restarting would not bring the database back). <c>/readyz</c>: every
/// dependency answers, the scheduler runs and the spool is under its limit; each check is named.
/// </summary>
internal static partial class HealthApi
{
    private const string Ready = "ready";

    public static IServiceCollection AddIocHealth(this IServiceCollection services, IocProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var checks = services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler", tags: [Ready]);
        if (profile.MetricStore == "InfluxDb")
        {
            checks.AddCheck<SpoolHealthCheck>("spool", tags: [Ready]);
            checks.AddCheck<StoreHealthCheck>("influxdb", tags: [Ready]);
        }
        else
        {
            checks.AddCheck<StoreHealthCheck>("store", tags: [Ready]);
        }

        checks.AddCheck<DefinitionStoreHealthCheck>(profile.ConfigurationStore == "PostgreSql" ? "postgresql" : "configuration", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapIocHealth(this IEndpointRouteBuilder app)
    {
        // Probes carry no credentials: /healthz says up or down and nothing else; /readyz names each dependency and
        // its state, and only an admin sees descriptions and figures (they hold addresses and error texts).
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteStatusAsync }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    private static Task WriteStatusAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }, JsonSerializerOptions.Web));
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var details = context.User.IsInRole(Ioc.Core.Access.Roles.Admin) && !context.User.HasClaim(c => c.Type == Access.IocClaims.MustChangePassword);
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status.ToString(),
            ["checks"] = report.Entries.ToDictionary(
                e => e.Key,
                e => details
                    ? new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data.Count > 0 ? e.Value.Data : null }
                    : new { status = e.Value.Status.ToString(), description = (string?)null, data = (IReadOnlyDictionary<string, object>?)null }),
        };
        if (report.Status == HealthStatus.Unhealthy)
        {
            // Like every 503: what to do, and the id under which the log holds the causes.
            var id = Http.UnavailableProblem.CorrelationId(context);
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ioc.Health");
            foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy))
            {
                LogUnhealthy(logger, name, id, entry.Description ?? "");
            }

            body["detail"] = $"Not ready: the checks marked Unhealthy name the dependency that is not answering. Send traffic elsewhere and probe again; administrators find the cause in the log under {id}.";
            body[Http.UnavailableProblem.CorrelationIdKey] = id;
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }

    [LoggerMessage(LogLevel.Warning, "Not ready: {Check} is unhealthy (correlation {CorrelationId}): {Description}")]
    private static partial void LogUnhealthy(ILogger logger, string check, string correlationId, string description);
}
