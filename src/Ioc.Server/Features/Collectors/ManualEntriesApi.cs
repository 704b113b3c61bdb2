using System.Globalization;
using System.Text.Json;
using Ioc.Core.Configuration;
using Ioc.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Collectors;

/// <param name="Values">By figure field: <c>{"score": 0.5934, "rank": 27}</c>.</param>
public sealed record ManualEntryRequest(string? Period, Dictionary<string, JsonElement>? Values, ManualDocumentRequest? Document);

/// <param name="Date">ISO date, <c>2025-05-20</c>.</param>
public sealed record ManualDocumentRequest(string? Number, string? Date, string? Issuer, string? Title, string? Url);

/// <param name="Label">The figure's label from the definition.</param>
public sealed record ManualEntryView(
    string Period,
    DateTimeOffset PeriodStart,
    string Field,
    string Label,
    string? Unit,
    double Value,
    ManualEntryDocument Document,
    string EnteredBy,
    DateTimeOffset EnteredAt);

/// <summary>The figures of <c>manual</c> collectors: read them, enter one period's with its source document.</summary>
internal static class ManualEntriesApi
{
    public static IServiceCollection AddManualEntries(this IServiceCollection services) => services.AddSingleton<ManualEntries>();

    public static IEndpointRouteBuilder MapManualEntriesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/collectors/{id}/entries").WithTags("Collectors").RequireAuthorization(IocClaims.Policies.Admin);
        group.MapGet("/", ListAsync);
        group.MapPost("/", EnterAsync);
        return app;
    }

    /// <summary>Newest period first.</summary>
    internal static async Task<Results<Ok<IReadOnlyList<ManualEntryView>>, NotFound, ProblemHttpResult>> ListAsync(
        string id, ManualEntries entries, CancellationToken cancellationToken)
    {
        var result = await entries.ListAsync(id, cancellationToken);
        return result.Status switch
        {
            ManualEntryStatus.NotFound => TypedResults.NotFound(),
            ManualEntryStatus.NotManual => NotManual(id, result.Kind),
            _ => TypedResults.Ok(Views(id, entries, result.Entries)),
        };
    }

    internal static async Task<Results<Created<IReadOnlyList<ManualEntryView>>, NotFound, ProblemHttpResult, ValidationProblem>> EnterAsync(
        string id, ManualEntryRequest request, ManualEntries entries, HttpContext context, CancellationToken cancellationToken)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (field, value) in request.Values ?? [])
        {
            if (value.ValueKind == JsonValueKind.Number)
            {
                values[field] = value.GetRawText();
            }
            else
            {
                problems[$"values.{field}"] = [$"must be a number, not {value.GetRawText()}"];
            }
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var document = request.Document;
        var submission = new ManualEntrySubmission(request.Period, values, document?.Number, document?.Date, document?.Issuer, document?.Title, document?.Url);
        var result = await entries.EnterAsync(id, submission, context.User.ActorName(), cancellationToken);
        return result.Status switch
        {
            ManualEntryStatus.NotFound => TypedResults.NotFound(),
            ManualEntryStatus.NotManual => NotManual(id, result.Kind),
            ManualEntryStatus.Invalid => TypedResults.ValidationProblem(
                result.Problems.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.English).ToArray(), StringComparer.Ordinal)),
            _ => TypedResults.Created($"/api/v1/collectors/{id}/entries", Views(id, entries, result.Entries)),
        };
    }

    private static ProblemHttpResult NotManual(string id, string? kind) => TypedResults.Problem(
        string.Create(CultureInfo.InvariantCulture, $"collector '{id}' is of kind {kind}: it collects its figures itself; only manual collectors take entries"),
        statusCode: StatusCodes.Status409Conflict,
        title: "not a manual collector");

    private static IReadOnlyList<ManualEntryView> Views(string id, ManualEntries entries, IReadOnlyList<ManualEntry> list)
    {
        var series = entries.Find(id).Series;
        return [.. list.Select(e =>
        {
            var figure = series?.Find(e.Field);
            return new ManualEntryView(e.Period, e.PeriodStart, e.Field, figure?.Label ?? e.Field, figure?.Unit, e.Value, e.Document, e.EnteredBy, e.EnteredAt);
        })];
    }
}
