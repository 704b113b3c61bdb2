using System.Globalization;
using Ioc.Server.Access;
using Ioc.Server.Features.Query;
using Ioc.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.ServiceIndex;

/// <summary>The national service index, live, for the province, each agency and each commune (docs/service-index.md).</summary>
internal static class ServiceIndexApi
{
    public const int MaxTrendPoints = 26;

    public static IServiceCollection AddServiceIndex(this IServiceCollection services)
    {
        services.AddOptions<ServiceIndexOptions>().BindConfiguration(ServiceIndexOptions.Section).ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), $"{ServiceIndexOptions.Section}:TimeZone is not a known time zone (use an IANA name such as Asia/Ho_Chi_Minh)")
            .ValidateOnStart();
        services.AddSingleton<ServiceIndexTables>();
        services.AddSingleton<IValidateOptions<IocOptions>, ServiceIndexTables.StartCheck>();
        services.AddSingleton<ServiceIndexReader>();
        return services;
    }

    public static IEndpointRouteBuilder MapServiceIndexApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/service-index").WithTags("Service index").RequireAuthorization(IocClaims.Policies.Reader);
        api.MapGet("/", ListAsync).WithReadBudget();
        api.MapGet("/{code}", OneAsync).WithReadBudget();
        return app;
    }

    private static async Task<Results<Ok<ServiceIndexAnswer>, ValidationProblem>> ListAsync(
        string? level, string? asOf, string? trend, int? points, ServiceIndexReader reader, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var parsedLevel = IndexLevel.Province;
        if (level is not null && !TryLevel(level, out parsedLevel))
        {
            errors["level"] = [$"'{level}' must be province, agency or commune"];
        }

        if (!TryQuery(asOf, trend, points, reader, clock, errors, out var time, out var period, out var count))
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await reader.ReadAsync(parsedLevel, time, period, count, cancellationToken));
    }

    private static async Task<Results<Ok<ServiceIndexAnswer>, NotFound, ValidationProblem>> OneAsync(
        string code, string? asOf, string? trend, int? points, ServiceIndexReader reader, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TryQuery(asOf, trend, points, reader, clock, errors, out var time, out var period, out var count))
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (await reader.LevelOfAsync(code, cancellationToken) is not { } level)
        {
            return TypedResults.NotFound();
        }

        // Its rank needs the whole level; the answer keeps only its entry.
        var answer = await reader.ReadAsync(level, time, period, count, cancellationToken);
        return answer.Entries.FirstOrDefault(e => e.Code == code) is { } entry
            ? TypedResults.Ok(answer with { Entries = [entry] })
            : TypedResults.NotFound();
    }

    private static bool TryQuery(
        string? asOf,
        string? trend,
        int? points,
        ServiceIndexReader reader,
        TimeProvider clock,
        Dictionary<string, string[]> errors,
        out DateTimeOffset time,
        out TrendPeriod period,
        out int count)
    {
        var now = clock.GetUtcNow();
        time = now;
        period = TrendPeriod.Week;
        count = points ?? 8;
        if (asOf is not null && !TryAsOf(asOf, reader.TimeZone, now, out time))
        {
            errors["asOf"] = [$"'{asOf}' must be a date (YYYY-MM-DD, counted to the end of that day) or an ISO 8601 time, not in the future"];
        }

        if (trend is not null && !Enum.TryParse(trend, ignoreCase: true, out period))
        {
            errors["trend"] = [$"'{trend}' must be week or month"];
        }

        if (count is < 1 or > MaxTrendPoints)
        {
            errors["points"] = [$"{count} must be between 1 and {MaxTrendPoints}"];
        }

        return errors.Count == 0;
    }

    private static bool TryLevel(string text, out IndexLevel level) =>
        Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level) && !int.TryParse(text, out _);

    /// <summary>A date means the end of that day where the province is (today: now); a time is taken as given.</summary>
    internal static bool TryAsOf(string text, TimeZoneInfo zone, DateTimeOffset now, out DateTimeOffset time)
    {
        time = now;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var next = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
            var end = new DateTimeOffset(next, zone.GetUtcOffset(next)).AddTicks(-1);
            time = end < now ? end : now;
            return day <= DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)
            && time <= now + TimeSpan.FromMinutes(1)
            && time.Year >= 1970;
    }
}
