using Ioc.Server.Http;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Query;

/// <summary>Marks an endpoint whose store reads run under <see cref="QueryOptions.Timeout"/>.</summary>
internal sealed class ReadBudgetMetadata;

/// <summary>
/// Cuts a read off when its budget is spent: the request's cancellation token (which the store reads take) fires,
/// SQLite and InfluxDB stop working on it, and the client gets a 503 saying how to ask for less. A client that
/// goes away cancels the same way, so no read outlives the request that started it.
/// </summary>
internal static partial class ReadBudget
{
    public static TBuilder WithReadBudget<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ReadBudgetMetadata());

    public static IApplicationBuilder UseReadBudget(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ReadBudgetMetadata>() is null)
        {
            await next(context);
            return;
        }

        var timeout = context.RequestServices.GetRequiredService<IOptions<QueryOptions>>().Value.Timeout;
        var aborted = context.RequestAborted;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        budget.CancelAfter(timeout);
        context.RequestAborted = budget.Token;
        try
        {
            await next(context);
        }
        catch (Exception ex) when (((ex is OperationCanceledException && budget.IsCancellationRequested) || ex is Features.Dashboards.DashboardReadTimeoutException)
            && !aborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ioc.Query");
            var id = UnavailableProblem.CorrelationId(context);
            LogOverBudget(logger, context.Request.Path, timeout.TotalSeconds, id);
            context.RequestAborted = aborted;
            await UnavailableProblem.Create(
                context,
                "Query took too long",
                $"The read did not finish within {timeout.TotalSeconds:0.###} s (Ioc:Query:Timeout) and was stopped.",
                "Ask for a shorter range, fewer series or fewer points.",
                TimeSpan.FromSeconds(5)).ExecuteAsync(context);
        }
        finally
        {
            context.RequestAborted = aborted;
        }
    });

    [LoggerMessage(LogLevel.Warning, "Stopped a read of {Path} after its budget of {Seconds} s (correlation {CorrelationId})")]
    private static partial void LogOverBudget(ILogger logger, string path, double seconds, string correlationId);
}
