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
/// online payments, VNeID, digital signatures, security approvals, telecom infrastructure, yearly indices), so
/// collectors and dashboards have live data without the real systems.
/// </summary>
public static class SimulatorEndpoints
{
    // Vietnamese names go out as UTF-8 text, not \u escapes, like the real systems send them. Relaxed escaping
    // only matters for JSON embedded in HTML, which these answers never are.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Maps <c>/sim/...</c> unless <see cref="SimulatorOptions.Enabled"/> is off. Needs <c>AddSimulator</c>, and
    /// <c>UseRateLimiter</c> in the pipeline for <see cref="SimulatorOptions.RequestsPerMinute"/> to apply.
    /// </summary>
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

        // The simulated systems are public figures and are read by our own collectors, which carry no credentials;
        // anyone else is held to a rate per address.
        var sim = app.MapGroup("/sim").WithTags("Simulator").AllowAnonymous().RequireRateLimiting(SimulatorRateLimit.PolicyName);
        sim.MapGet("/portal/services", PortalServices);
        sim.MapGet("/portal/records", Records);
        sim.MapGet("/edoc/exchange", DocumentExchange);
        sim.MapGet("/payments/summary", Payments);
        sim.MapGet("/eid/registrations", Eid);
        sim.MapGet("/portal/records-by-sector", RecordsBySector);
        sim.MapGet("/signatures/summary", Signatures);
        sim.MapGet("/security/approvals", SecurityApprovals);
        sim.MapGet("/infrastructure/broadband", Infrastructure);
        sim.MapGet("/reports/annual", Annual);
        sim.MapGet("/profile", Profile);
        sim.MapGet("/portal/service-index-inputs", ServiceIndexInputs);
        return app;
    }

    private static Results<JsonHttpResult<PortalServicesReport>, ProblemHttpResult> PortalServices(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.PortalServices(time), Json) : problem;

    private static Results<JsonHttpResult<RecordsReport>, ProblemHttpResult> Records(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.Records(time), Json) : problem;

    private static Results<JsonHttpResult<DocumentExchangeReport>, ProblemHttpResult> DocumentExchange(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.DocumentExchange(time), Json) : problem;

    private static Results<JsonHttpResult<PaymentsReport>, ProblemHttpResult> Payments(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.Payments(time), Json) : problem;

    private static Results<JsonHttpResult<EidReport>, ProblemHttpResult> Eid(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.Eid(time), Json) : problem;

    private static Results<JsonHttpResult<RecordsBySectorReport>, ProblemHttpResult> RecordsBySector(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.RecordsBySector(time), Json) : problem;

    private static Results<JsonHttpResult<SignaturesReport>, ProblemHttpResult> Signatures(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.Signatures(time), Json) : problem;

    private static Results<JsonHttpResult<SecurityApprovalsReport>, ProblemHttpResult> SecurityApprovals(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.SecurityApprovals(time), Json) : problem;

    private static Results<JsonHttpResult<InfrastructureReport>, ProblemHttpResult> Infrastructure(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.Infrastructure(time), Json) : problem;

    private static Results<JsonHttpResult<AnnualReport>, ProblemHttpResult> Annual(string? at, [FromServices] ProvinceSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.Annual(time), Json) : problem;

    /// <summary>The modelled province, its units file and every figure with its source: reported (where) or illustrative.</summary>
    private static JsonHttpResult<ProfileReport> Profile([FromServices] ProvinceSimulator simulator) =>
        TypedResults.Json(simulator.ProfileReport(), Json);
    private static Results<JsonHttpResult<ServiceIndexInputsReport>, ProblemHttpResult> ServiceIndexInputs(string? at, [FromServices] ServiceIndexSimulator simulator, [FromServices] AsOfWindow window) =>
        window.TryResolve(at, out var time, out var problem) ? TypedResults.Json(simulator.Read(time), Json) : problem;

    /// <summary>For tests: the JSON exactly as the endpoints write it.</summary>
    internal static string Serialize<T>(T report) => JsonSerializer.Serialize(report, Json);
}
