using System.Security.Claims;
using Ioc.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Screens;

/// <summary>Sends a reload to wall screens; the live hub implements it (groups span every node on a backplane).</summary>
internal interface IScreenReloader
{
    /// <param name="screenId">One screen, or null for every screen.</param>
    Task ReloadAsync(string? screenId, string reason);
}

public sealed record ScreensAnswer(IReadOnlyList<ScreenView> Screens, IReadOnlyDictionary<string, int> Counts, double HeartbeatIntervalSeconds, double SilentAfterSeconds);

/// <summary>The screens an operations centre runs: which are alive, and reloading them from afar.</summary>
internal static class ScreensApi
{
    public static IServiceCollection AddScreens(this IServiceCollection services)
    {
        services.AddOptions<ScreenOptions>().BindConfiguration(ScreenOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ScreenBuild>();
        services.AddSingleton<ScreenRegistry>();
        services.AddHostedService<ScreenPruner>();
        return services;
    }

    public static IEndpointRouteBuilder MapScreensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin/screens").WithTags("Screens").RequireAuthorization(IocClaims.Policies.Admin);
        api.MapGet("", async (ScreenRegistry registry, Microsoft.Extensions.Options.IOptions<ScreenOptions> options, CancellationToken ct) =>
        {
            var screens = await registry.ListAsync(ct);
            var counts = ScreenRegistry.Count(screens);
            return TypedResults.Ok(new ScreensAnswer(screens, counts, options.Value.HeartbeatInterval.TotalSeconds, options.Value.SilentAfter.TotalSeconds));
        });
        api.MapPost("/reload", async (IScreenReloader reloader, AuditLog audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await reloader.ReloadAsync(null, ScreenReloads.Admin);
            await audit.RecordAsync(user.ActorName(), "screen.reload", "*", "", ct);
            return TypedResults.Accepted((string?)null);
        });
        api.MapPost("/{id}/reload", ReloadOneAsync);
        api.MapDelete("/{id}", async Task<Results<NoContent, NotFound>> (string id, ScreenRegistry registry, AuditLog audit, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (!await registry.ForgetAsync(id, ct))
            {
                return TypedResults.NotFound();
            }

            await audit.RecordAsync(user.ActorName(), "screen.forget", id, "", ct);
            return TypedResults.NoContent();
        });
        return app;
    }

    private static async Task<Results<Accepted, NotFound>> ReloadOneAsync(
        string id, ScreenRegistry registry, IScreenReloader reloader, AuditLog audit, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!(await registry.ListAsync(ct)).Any(s => s.Id == id))
        {
            return TypedResults.NotFound();
        }

        await reloader.ReloadAsync(id, ScreenReloads.Admin);
        await audit.RecordAsync(user.ActorName(), "screen.reload", id, "", ct);
        return TypedResults.Accepted((string?)null);
    }
}

/// <summary>Takes screens silent for <see cref="ScreenOptions.ForgetAfter"/> off the list, once an hour.</summary>
internal sealed partial class ScreenPruner(ScreenRegistry registry, ILogger<ScreenPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                if (await registry.PruneAsync(stoppingToken) is > 0 and var removed)
                {
                    LogForgotten(logger, removed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Information, "Forgot {Count} screens silent for longer than Ioc:Screens:ForgetAfter")]
    private static partial void LogForgotten(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Could not prune silent screens; will try again in an hour")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
