using Hangfire;
using Ioc.Core.Configuration;
using Ioc.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Reports;

/// <param name="Mail">Send it to <c>Ioc:Reports:Recipients</c> as well.</param>
public sealed record CreateBriefRequest(bool Mail = false);

/// <summary>The reports Ioc made (the leaders' weekly brief): listed and downloaded by leaders and admins, made on demand by admins.</summary>
internal static class ReportsApi
{
    public const int MaxListed = 500;

    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ChromiumPdf>();
        services.AddSingleton<ReportMailer>();
        services.AddTransient<WeeklyBriefs>();
        services.AddHostedService<ReportSchedule>();
        return services;
    }

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports").WithTags("Reports").RequireAuthorization(IocClaims.Policies.Reader);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id}", async Task<Results<Ok<StoredReport>, NotFound>> (string id, IReportStore store, CancellationToken ct) =>
            await store.GetReportAsync(id, ct) is { } report ? TypedResults.Ok(report) : TypedResults.NotFound());
        api.MapPost("/weekly-brief", CreateAsync).RequireAuthorization(IocClaims.Policies.Admin);

        var files = app.MapGroup("/reports").WithTags("Reports").RequireAuthorization(IocClaims.Policies.Reader);
        files.MapGet("/{id}.pdf", (string id, IReportStore store, CancellationToken ct) => FileAsync(id, ReportFormat.Pdf, store, ct));
        files.MapGet("/{id}.html", (string id, IReportStore store, CancellationToken ct) => FileAsync(id, ReportFormat.Html, store, ct));
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<StoredReport>>, ValidationProblem>> ListAsync(string? kind, int? limit, IReportStore store, CancellationToken ct)
    {
        if (limit is < 1 or > MaxListed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit: from 1 to {MaxListed}"] });
        }

        return TypedResults.Ok(await store.ListReportsAsync(kind, limit ?? 100, ct));
    }

    private static async Task<Created<StoredReport>> CreateAsync(CreateBriefRequest? request, WeeklyBriefs briefs, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var actor = http.User.ActorName();
        var report = await briefs.CreateAsync(actor, request?.Mail ?? false, ct);
        await audit.RecordAsync(actor, "report.created", report.Id, report.MailedTo is null ? "" : "mailed to " + report.MailedTo, ct);
        return TypedResults.Created($"/api/v1/reports/{report.Id}", report);
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> FileAsync(string id, ReportFormat format, IReportStore store, CancellationToken ct)
    {
        if (await store.GetReportContentAsync(id, format, ct) is not { } content)
        {
            return TypedResults.NotFound();
        }

        return format == ReportFormat.Pdf
            ? TypedResults.File(content, "application/pdf", id + ".pdf")
            : TypedResults.File(content, "text/html; charset=utf-8");
    }
}

/// <summary>Keeps Hangfire's recurring job for the weekly brief in line with <see cref="ReportOptions"/>, where this process schedules.</summary>
internal sealed class ReportSchedule(IServiceProvider services, IOptions<ReportOptions> options, IOptions<Hosting.SchedulingOptions> scheduling) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!scheduling.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        var jobs = services.GetRequiredService<IRecurringJobManager>();
        var settings = options.Value;
        if (settings.WeeklyBrief)
        {
            jobs.AddOrUpdate<WeeklyBriefs>(
                WeeklyBriefs.JobId,
                briefs => briefs.RunScheduledAsync(CancellationToken.None),
                settings.Schedule,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone), MisfireHandling = MisfireHandlingMode.Relaxed });
        }
        else
        {
            jobs.RemoveIfExists(WeeklyBriefs.JobId);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
