using System.Globalization;
using System.Text.RegularExpressions;
using Ioc.Core.Plans;
using Ioc.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Plans;

/// <summary>Plans, their targets judged against the metric store, and their tasks: for leaders and admins.</summary>
internal static partial class PlansApi
{
    public static IServiceCollection AddPlans(this IServiceCollection services)
    {
        services.AddSingleton<KpiHistory>();
        services.AddSingleton<TargetBoard>();
        services.AddSingleton<PlanReader>();
        return services;
    }

    public static IEndpointRouteBuilder MapPlansApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Plans").RequireAuthorization(IocClaims.Policies.Reader);
        api.MapGet("/plans", PlansAsync);
        api.MapGet("/plans/{id}", PlanAsync);
        api.MapGet("/targets", TargetsAsync);
        return app;
    }

    internal static async Task<Results<Ok<IReadOnlyList<PlanSummary>>, ValidationProblem>> PlansAsync(
        PlanReader reader, string? province, string? asOf, CancellationToken cancellationToken)
    {
        if (!TryAsOf(reader, asOf, out var when, out var problem))
        {
            return problem;
        }

        var list = new List<PlanSummary>();
        foreach (var plan in reader.Plans(province))
        {
            list.Add((await reader.DetailAsync(plan, when, null, cancellationToken)).Plan);
        }

        return TypedResults.Ok<IReadOnlyList<PlanSummary>>(list);
    }

    internal static async Task<Results<Ok<PlanDetail>, NotFound<ProblemDetailsText>, ValidationProblem>> PlanAsync(
        string id, PlanReader reader, string? asOf, CancellationToken cancellationToken)
    {
        if (!TryAsOf(reader, asOf, out var when, out var problem))
        {
            return problem;
        }

        return reader.Find(id) is { } plan
            ? TypedResults.Ok(await reader.DetailAsync(plan, when, null, cancellationToken))
            : TypedResults.NotFound(new ProblemDetailsText($"id: no plan '{id}'"));
    }

    internal static async Task<Results<Ok<TargetList>, NotFound<ProblemDetailsText>, ValidationProblem>> TargetsAsync(
        PlanReader reader, string? plan, string? province, string? asOf, string? unit, CancellationToken cancellationToken)
    {
        if (!TryAsOf(reader, asOf, out var when, out var problem))
        {
            return problem;
        }

        if (unit is not null && !UnitPattern().IsMatch(unit))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["unit"] = [$"'{unit}' is not a unit code (letters, digits, '.', '_' and '-', at most 32)"] });
        }

        IEnumerable<PlanDefinition> plans;
        if (plan is not null)
        {
            if (reader.Find(plan) is not { } one)
            {
                return TypedResults.NotFound(new ProblemDetailsText($"plan: no plan '{plan}'"));
            }

            plans = [one];
        }
        else
        {
            plans = reader.Plans(province);
        }

        var targets = new List<TargetView>();
        foreach (var p in plans)
        {
            targets.AddRange(await reader.TargetsAsync(p, when, unit, cancellationToken));
        }

        if (unit is not null && targets.Count > 0 && targets.All(t => t.Value is null))
        {
            return TypedResults.NotFound(new ProblemDetailsText($"unit: no KPI of these targets has figures for unit '{unit}'"));
        }

        return TypedResults.Ok(new TargetList(reader.ServerTime(), when.Day, unit, targets));
    }

    private static bool TryAsOf(PlanReader reader, string? text, out AsOf asOf, out ValidationProblem problem)
    {
        problem = null!;
        if (text is null)
        {
            asOf = reader.Now();
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 1971)
        {
            asOf = reader.At(day);
            return true;
        }

        asOf = default;
        problem = TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = [$"'{text}' must be a date written YYYY-MM-DD"] });
        return false;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,32}$")]
    private static partial Regex UnitPattern();
}
