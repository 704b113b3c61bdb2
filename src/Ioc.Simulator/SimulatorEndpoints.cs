using System.Text.Encodings.Web;
using System.Text.Json;
using Ioc.Simulator.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ioc.Simulator;

/// <summary>
/// HTTP JSON endpoints shaped like the systems a provincial IOC reads (public-service portal, document exchange,
/// online payments, VNeID), so collectors and dashboards have live data without the real systems.
/// </summary>
public static class SimulatorEndpoints
{
    // Vietnamese names go out as UTF-8 text, not \u escapes, like the real systems send them. Relaxed escaping
    // only matters for JSON embedded in HTML, which these answers never are.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Maps <c>/sim/...</c> unless <see cref="SimulatorOptions.Enabled"/> is off. Needs <c>AddSimulator</c>.</summary>
    public static IEndpointRouteBuilder MapSimulator(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<SimulatorOptions>>().Value.Enabled)
        {
            return app;
        }

        if (app.ServiceProvider.GetService<ProvinceSimulator>() is null)
        {
            throw new InvalidOperationException("MapSimulator needs services.AddSimulator(...) first");
        }

        // The simulated systems are public figures and are read by our own collectors, which carry no credentials.
        var sim = app.MapGroup("/sim").WithTags("Simulator").AllowAnonymous();
        sim.MapGet("/portal/services", PortalServices);
        sim.MapGet("/portal/records", Records);
        sim.MapGet("/edoc/exchange", DocumentExchange);
        sim.MapGet("/payments/summary", Payments);
        sim.MapGet("/eid/registrations", Eid);
        return app;
    }

    private static Results<JsonHttpResult<PortalServicesReport>, ProblemHttpResult> PortalServices(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] TimeProvider clock) =>
        AsOf(at, clock) is { } time ? TypedResults.Json(simulator.PortalServices(time), Json) : BadTime(at);

    private static Results<JsonHttpResult<RecordsReport>, ProblemHttpResult> Records(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] TimeProvider clock) =>
        AsOf(at, clock) is { } time ? TypedResults.Json(simulator.Records(time), Json) : BadTime(at);

    private static Results<JsonHttpResult<DocumentExchangeReport>, ProblemHttpResult> DocumentExchange(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] TimeProvider clock) =>
        AsOf(at, clock) is { } time ? TypedResults.Json(simulator.DocumentExchange(time), Json) : BadTime(at);

    private static Results<JsonHttpResult<PaymentsReport>, ProblemHttpResult> Payments(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] TimeProvider clock) =>
        AsOf(at, clock) is { } time ? TypedResults.Json(simulator.Payments(time), Json) : BadTime(at);

    private static Results<JsonHttpResult<EidReport>, ProblemHttpResult> Eid(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] TimeProvider clock) =>
        AsOf(at, clock) is { } time ? TypedResults.Json(simulator.Eid(time), Json) : BadTime(at);

    /// <summary>
    /// The instant to report: now, or <c>?at=</c> (ISO 8601) as the real systems' statistics endpoints allow,
    /// so collectors can ask for their scheduled slot. Null when <c>at</c> is unreadable or in the future.
    /// </summary>
    private static DateTimeOffset? AsOf(string? at, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        if (string.IsNullOrEmpty(at))
        {
            return now;
        }

        return DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time) && time <= now
            ? time
            : null;
    }

    private static ProblemHttpResult BadTime(string? at) =>
        TypedResults.Problem(statusCode: 400, title: "Invalid at", detail: $"at '{at}' must be an ISO 8601 time not in the future");

    /// <summary>For tests: the JSON exactly as the endpoints write it.</summary>
    internal static string Serialize<T>(T report) => JsonSerializer.Serialize(report, Json);
}
