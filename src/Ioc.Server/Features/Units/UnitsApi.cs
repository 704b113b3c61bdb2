using System.Globalization;
using Ioc.Core.Kpis;
using Ioc.Core.Units;
using Ioc.Server.Access;
using Ioc.Server.Features.Query;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Units;

public sealed record UnitSummary(string Code, string Name, UnitLevel Level, string? Parent, DateOnly ValidFrom, DateOnly? ValidTo, IReadOnlyList<UnitSuccessor> Successors);

/// <param name="Predecessors">Units that ended into this one (merged or split into it).</param>
/// <param name="Ancestry">The unit's parents, the province first.</param>
public sealed record UnitHistory(UnitSummary Unit, IReadOnlyList<UnitSummary> Ancestry, IReadOnlyList<UnitSummary> Predecessors, IReadOnlyList<UnitSummary> Successors);

public sealed record UnitQueryRequest(KpiMeasure? Measure, string? Level, string? Parent, string? AsOf, DateTimeOffset? At);

/// <param name="From">Other units whose series make up the value: old units merged into it, or its parts.</param>
public sealed record UnitRow(string Code, string Name, double? Value, double? Numerator, double? Denominator, double? Time, IReadOnlyList<string> From);

public sealed record UnitQueryResponse(DateOnly AsOf, UnitLevel Level, string? Parent, IReadOnlyList<UnitRow> Units);

/// <summary>Dated administrative units and a measure's value per unit; for leaders and admins (operators see units through wall dashboards).</summary>
internal static class UnitsApi
{
    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/v1/units").WithTags("Units").RequireAuthorization(IocClaims.Policies.Reader);
        units.MapGet("/", List);
        units.MapGet("/{code}", Get);
        app.MapGroup("/api/v1/query").WithTags("Units").RequireAuthorization(IocClaims.Policies.Reader)
            .MapPost("/units", QueryAsync).WithReadBudget();
        return app;
    }

    internal static Results<Ok<IReadOnlyList<UnitSummary>>, ValidationProblem> List(string? asOf, string? level, string? parent, UnitCatalog catalog)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var day = Day(asOf, "asOf", catalog, errors);
        var wanted = Level(level, errors);
        if (parent is not null && catalog.Registry.Find(parent) is null)
        {
            errors["parent"] = [$"'{parent}' is not a known unit code"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // A level that does not exist that day (districts after 2025-07-01) is an empty list, not an error.
        IReadOnlyList<UnitSummary> list = [.. catalog.Registry.AsOf(day)
            .Where(u => wanted is null || u.Level == wanted)
            .Where(u => parent is null || (u.Code != parent && catalog.Registry.IsWithin(u.Code, parent)))
            .Select(Summary)];
        return TypedResults.Ok(list);
    }

    internal static Results<Ok<UnitHistory>, NotFound> Get(string code, UnitCatalog catalog)
    {
        var registry = catalog.Registry;
        if (registry.Find(code) is not { } unit)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(new UnitHistory(
            Summary(unit),
            [.. registry.Ancestry(code).Where(u => u.Code != code).Select(Summary)],
            [.. registry.Predecessors(code).Select(Summary)],
            [.. unit.Successors.Select(s => registry.Find(s.Code)).OfType<AdministrativeUnit>().Select(Summary)]));
    }

    internal static async Task<Results<Ok<UnitQueryResponse>, ValidationProblem>> QueryAsync(UnitQueryRequest request, UnitCatalog catalog, UnitQuery query, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Measure is not { } measure)
        {
            errors["measure"] = ["required: { series: {measurement, tags, field} } or { numerator: {…}, denominator: {…}, scale }"];
        }
        else
        {
            foreach (var group in measure.Validate("measure").GroupBy(p => p.Path, StringComparer.Ordinal))
            {
                errors[group.Key] = [.. group.Select(p => p.Message)];
            }

            if (!measure.CanRollUp)
            {
                errors["measure.rollUp"] = ["a measure with rollUp: none (a rate or a score) cannot be added up across units; give it a numerator and a denominator"];
            }
        }

        var day = Day(request.AsOf, "asOf", catalog, errors);
        var level = Level(request.Level, errors) ?? UnitLevel.Commune;
        if (request.Parent is not null && catalog.Registry.Find(request.Parent) is null)
        {
            errors["parent"] = [$"'{request.Parent}' is not a known unit code"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var values = await query.RunAsync(request.Measure!, level, request.Parent, day, request.At, cancellationToken);
        return TypedResults.Ok(new UnitQueryResponse(day, level, request.Parent, [.. values.Select(Row)]));
    }

    public static UnitRow Row(UnitValue v) => new(v.Unit.Code, v.Unit.Name, v.Value, v.Numerator, v.Denominator, v.Time, v.From);

    private static UnitSummary Summary(AdministrativeUnit u) => new(u.Code, u.Name, u.Level, u.Parent, u.ValidFrom, u.ValidTo, u.Successors);

    private static DateOnly Day(string? text, string field, UnitCatalog catalog, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return catalog.Today();
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[field] = [$"'{text}' must be a date such as 2025-07-01"];
        return default;
    }

    private static UnitLevel? Level(string? text, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (text is "province" or "district" or "commune")
        {
            return Enum.Parse<UnitLevel>(text, ignoreCase: true);
        }

        errors["level"] = [$"'{text}' must be province, district or commune"];
        return null;
    }
}
