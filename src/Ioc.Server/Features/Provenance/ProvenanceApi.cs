using System.Globalization;
using System.Security.Claims;
using Ioc.Core.Access;
using Ioc.Core.Dashboards;
using Ioc.Core.Kpis;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Access;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Query;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ioc.Server.Features.Provenance;

/// <summary>A number to trace: one series (<see cref="Measurement"/>, <see cref="Tags"/>, <see cref="Field"/>) or a <see cref="Measure"/> for <see cref="Unit"/>.</summary>
/// <param name="Time">Unix milliseconds; now when absent.</param>
public sealed record ProvenanceRequest(string? Measurement, Dictionary<string, string>? Tags, string? Field, KpiMeasure? Measure, string? Unit, double? Time);

/// <summary>
/// Where a number comes from (docs/provenance.md). Admins and leaders may trace any series; operators and wall
/// screens only series a dashboard they may open draws, as they read them through that dashboard.
/// </summary>
internal static class ProvenanceApi
{
    public static IServiceCollection AddProvenance(this IServiceCollection services) => services.AddSingleton<ProvenanceTracer>();

    public static IEndpointRouteBuilder MapProvenanceApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/provenance").WithTags("Provenance").RequireAuthorization(IocClaims.Policies.Viewer);
        api.MapGet("/", GetAsync).WithReadBudget();
        api.MapPost("/", PostAsync).WithReadBudget();
        return app;
    }

    /// <summary><c>?measurement=&amp;field=&amp;tags[unit]=42&amp;time=</c> (time in Unix milliseconds or ISO 8601).</summary>
    internal static Task<Results<Ok<ProvenanceAnswer>, NotFound<ProblemDetails>, ValidationProblem, ForbidHttpResult>> GetAsync(
        HttpRequest request, ProvenanceTracer tracer, DashboardCatalog catalog, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query)
        {
            if (key.StartsWith("tags[", StringComparison.Ordinal) && key.EndsWith(']'))
            {
                tags[key[5..^1]] = value.ToString();
            }
            else if (key is not ("measurement" or "field" or "time"))
            {
                errors[key] = ["is not a parameter: give measurement, field, tags[<key>]=<value> and time"];
            }
        }

        double? time = null;
        var text = request.Query["time"].ToString();
        if (text.Length > 0)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                time = ms;
            }
            else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            {
                time = instant.ToUnixTimeMilliseconds();
            }
            else
            {
                errors["time"] = [$"'{text}' must be Unix milliseconds or an ISO 8601 time such as 2025-09-30T17:00:00+07:00"];
            }
        }

        var asked = new ProvenanceRequest(request.Query["measurement"], tags, request.Query["field"], null, null, time);
        return TraceAsync(asked, errors, tracer, catalog, clock, user, cancellationToken);
    }

    /// <summary>The same for a JSON body, which may name a ratio (<c>measure</c>) and a unit.</summary>
    internal static Task<Results<Ok<ProvenanceAnswer>, NotFound<ProblemDetails>, ValidationProblem, ForbidHttpResult>> PostAsync(
        ProvenanceRequest request, ProvenanceTracer tracer, DashboardCatalog catalog, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TraceAsync(request, new Dictionary<string, string[]>(StringComparer.Ordinal), tracer, catalog, clock, user, cancellationToken);

    private static async Task<Results<Ok<ProvenanceAnswer>, NotFound<ProblemDetails>, ValidationProblem, ForbidHttpResult>> TraceAsync(
        ProvenanceRequest request, Dictionary<string, string[]> errors, ProvenanceTracer tracer, DashboardCatalog catalog, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var measure = Measure(request, errors);
        var now = clock.GetUtcNow();
        var time = request.Time ?? now.ToUnixTimeMilliseconds();
        if (!double.IsFinite(time) || time < 0)
        {
            errors["time"] = [$"must be a time at or after 1970-01-01, not {time}"];
        }

        if (request.Unit is { } unit && string.IsNullOrWhiteSpace(unit))
        {
            errors["unit"] = ["must be a unit's code, or left out"];
        }

        if (errors.Count > 0 || measure is null)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var selectors = measure.Parts().Select(p => p.ToSelector(request.Unit)).ToList();
        if (!MayTrace(user, catalog, selectors))
        {
            return TypedResults.Forbid();
        }

        // A time ahead of the server's clock asks for the newest point, as now does.
        var at = Math.Min((long)(time * 1_000_000), UnixTime.ToNanoseconds(now) + 1);
        var answer = await tracer.TraceAsync(measure, request.Unit, at, user.Role() == Roles.Admin, cancellationToken);
        if (answer is null)
        {
            var what = string.Join(" or ", selectors.Select(s => s.ToString()));
            var when = DateTimeOffset.FromUnixTimeMilliseconds((long)time).ToString("O", CultureInfo.InvariantCulture);
            return TypedResults.NotFound(new ProblemDetails { Title = "No point", Detail = $"no point of {what} at or before {when}", Status = StatusCodes.Status404NotFound });
        }

        return TypedResults.Ok(answer);
    }

    private static KpiMeasure? Measure(ProvenanceRequest request, Dictionary<string, string[]> errors)
    {
        if (request.Measure is { } measure)
        {
            if (request.Measurement is not null || request.Field is not null || request.Tags is { Count: > 0 })
            {
                errors["measure"] = ["give measure, or measurement, tags and field, not both"];
            }

            foreach (var (path, message) in measure.Validate("measure"))
            {
                errors[path] = [message];
            }

            foreach (var (part, name) in measure.Parts().Select((p, i) => (p, measure.IsRatio ? (i == 0 ? "measure.numerator" : "measure.denominator") : "measure.series")))
            {
                if (MetricValidator.CheckSelector(part.Measurement, part.Tags, part.Field) is (var which, var reason))
                {
                    errors[$"{name}.{which}"] = [reason];
                }
            }

            return errors.Count > 0 ? null : measure;
        }

        if (MetricValidator.CheckSelector(request.Measurement ?? "", request.Tags, request.Field ?? "") is (var bad, var why))
        {
            errors[bad] = [why];
            return null;
        }

        return new KpiMeasure { Series = new MeasureSeries { Measurement = request.Measurement!, Tags = request.Tags ?? [], Field = request.Field! } };
    }

    /// <summary>
    /// Admins and leaders trace anything. Others only what a panel of a dashboard they may open reads: same
    /// measurement and field, and at least that panel's tags (any unit where it shows the page's unit, <c>$unit</c>),
    /// so every series asked is one the panel may draw.
    /// </summary>
    internal static bool MayTrace(ClaimsPrincipal user, DashboardCatalog catalog, IReadOnlyList<SeriesSelector> asked)
    {
        if (user.Role() is Roles.Admin or Roles.Leader)
        {
            return true;
        }

        var drawn = catalog.All.Where(user.CanView).SelectMany(d => d.Panels).SelectMany(PanelMeasures.Selectors).ToList();
        return asked.All(a => drawn.Any(d =>
            string.Equals(d.Measurement, a.Measurement, StringComparison.Ordinal)
            && string.Equals(d.Field, a.Field, StringComparison.Ordinal)
            && d.Tags.All(t => a.Tags.TryGetValue(t.Key, out var v)
                && (string.Equals(v, t.Value, StringComparison.Ordinal) || t.Value == PanelSeries.UnitPlaceholder))));
    }
}
