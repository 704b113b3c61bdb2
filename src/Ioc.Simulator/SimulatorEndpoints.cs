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

    private static JsonHttpResult<PortalServicesReport> PortalServices([FromServices] ProvinceSimulator simulator, [FromServices] TimeProvider clock) =>
        TypedResults.Json(simulator.PortalServices(clock.GetUtcNow()), Json);

    private static JsonHttpResult<RecordsReport> Records([FromServices] ProvinceSimulator simulator, [FromServices] TimeProvider clock) =>
        TypedResults.Json(simulator.Records(clock.GetUtcNow()), Json);

    private static JsonHttpResult<DocumentExchangeReport> DocumentExchange([FromServices] ProvinceSimulator simulator, [FromServices] TimeProvider clock) =>
        TypedResults.Json(simulator.DocumentExchange(clock.GetUtcNow()), Json);

    private static JsonHttpResult<PaymentsReport> Payments([FromServices] ProvinceSimulator simulator, [FromServices] TimeProvider clock) =>
        TypedResults.Json(simulator.Payments(clock.GetUtcNow()), Json);

    private static JsonHttpResult<EidReport> Eid([FromServices] ProvinceSimulator simulator, [FromServices] TimeProvider clock) =>
        TypedResults.Json(simulator.Eid(clock.GetUtcNow()), Json);

    /// <summary>For tests: the JSON exactly as the endpoints write it.</summary>
    internal static string Serialize<T>(T report) => JsonSerializer.Serialize(report, Json);
}
