using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Server.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Collectors;

/// <param name="Status">What this node's runs of it did.</param>
/// <param name="State">The source's state from every node's runs (<c>fresh</c>, <c>late</c>, <c>failing</c>, <c>disabled</c>).</param>
/// <param name="LastRun">The newest run on any node.</param>
public sealed record CollectorView(
    string Id,
    string Name,
    string Kind,
    string Schedule,
    bool Enabled,
    string Source,
    CollectorStatus Status,
    CollectorOrigin Origin,
    bool Paused,
    SourceState State,
    CollectorRunView? LastRun,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? NextRun,
    long Version,
    DateTimeOffset UpdatedAt,
    string? LoadError);

/// <summary>A point a test run would write.</summary>
public sealed record TestPointView(string Measurement, IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, double> Fields, DateTimeOffset Time);

/// <param name="Points">At most 100, in the order the collector returned them.</param>
public sealed record TestRunView(IReadOnlyList<TestPointView> Points, int TotalPoints, double DurationMs);

public sealed record BackfillRequest(DateTimeOffset? From, DateTimeOffset? To);

/// <param name="Name">The name the file was stored under (another when one of that name was waiting).</param>
public sealed record DroppedFile(string Name);

/// <param name="DurationMs">How long the run took.</param>
/// <param name="Node">The Ioc process that ran it.</param>
public sealed record CollectorRunView(DateTimeOffset Slot, DateTimeOffset StartedAt, double DurationMs, CollectorRunOutcome Outcome, int Points, string? Error, bool Replay, string Node);

/// <summary>The collectors, how their last runs went, the history of their runs, and whether each source is current.</summary>
internal static class CollectorsApi
{
    public const int MaxRunsPerPage = 1000;

    /// <summary>Reports agencies send are spreadsheets of a few hundred rows; this is far beyond one.</summary>
    public const long MaxFileBytes = 25L * 1024 * 1024;

    private const string YamlMediaType = "application/yaml";

    private static readonly string[] YamlMediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

    public static IServiceCollection AddCollectorHistory(this IServiceCollection services)
    {
        services.AddOptions<CollectorHistoryOptions>().BindConfiguration(CollectorHistoryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CollectorRunHistory>();
        services.AddSingleton<ICollectorRunSink>(sp => sp.GetRequiredService<CollectorRunHistory>());
        services.AddHostedService(sp => sp.GetRequiredService<CollectorRunHistory>());
        return services;
    }

    public static IEndpointRouteBuilder MapCollectorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/collectors").WithTags("Collectors").RequireAuthorization(Access.IocClaims.Policies.Admin);
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync);
        group.MapPost("/test", TestAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPut("/{id}", UpdateAsync);
        group.MapDelete("/{id}", DeleteAsync);
        group.MapGet("/{id}/export", ExportAsync);
        group.MapPost("/{id}/enable", (string id, CollectorAdministration admin, HttpContext http, CancellationToken ct) => ActAsync(admin.SetPausedAsync(id, false, http.User.ActorName(), ct)));
        group.MapPost("/{id}/disable", (string id, CollectorAdministration admin, HttpContext http, CancellationToken ct) => ActAsync(admin.SetPausedAsync(id, true, http.User.ActorName(), ct)));
        group.MapPost("/{id}/run", RunAsync);
        group.MapPost("/{id}/backfill", BackfillAsync);
        group.MapGet("/{id}/backfill", (string id, CollectorAdministration admin) =>
            admin.GetBackfill(id) is { } progress ? (Results<Ok<BackfillProgress>, NotFound>)TypedResults.Ok(progress) : TypedResults.NotFound());
        group.MapGet("/{id}/runs", RunsAsync);
        group.MapPost("/{id}/files", DropFileAsync);
        app.MapPost("/admin/collectors/{id}/upload", UploadFormAsync).RequireAuthorization(Access.IocClaims.Policies.Admin);
        return app;
    }

    internal static async Task<Ok<IReadOnlyList<CollectorView>>> ListAsync(CollectorAdministration admin, CollectorStatusBoard status, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<CollectorView>>([.. (await admin.ListAsync(cancellationToken)).Select(e => View(e, status))]);

    internal static async Task<Results<Ok<CollectorView>, ContentHttpResult, NotFound>> GetAsync(string id, CollectorAdministration admin, CollectorStatusBoard status, HttpContext http, CancellationToken cancellationToken)
    {
        if (await admin.GetAsync(id, cancellationToken) is not { } entry)
        {
            return TypedResults.NotFound();
        }

        return WantsYaml(http.Request) ? TypedResults.Text(entry.Content, YamlMediaType) : TypedResults.Ok(View(entry, status));
    }

    internal static async Task<Results<Created<CollectorView>, ValidationProblem, ProblemHttpResult>> CreateAsync(CollectorAdministration admin, CollectorStatusBoard status, HttpContext http, CancellationToken cancellationToken)
    {
        var (document, format, refusal) = await ReadDocumentAsync(http.Request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var result = await admin.SaveAsync(null, document, format, http.User.ActorName(), cancellationToken);
        return result.Status == SaveStatus.Saved
            ? TypedResults.Created($"/api/v1/collectors/{result.Entry!.Id}", View(result.Entry, status))
            : result.Status == SaveStatus.Invalid ? Invalid(result.Problems) : Problem(result);
    }

    internal static async Task<Results<Ok<CollectorView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(string id, CollectorAdministration admin, CollectorStatusBoard status, HttpContext http, CancellationToken cancellationToken)
    {
        var (document, format, refusal) = await ReadDocumentAsync(http.Request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var result = await admin.SaveAsync(id, document, format, http.User.ActorName(), cancellationToken);
        return result.Status == SaveStatus.Saved
            ? TypedResults.Ok(View(result.Entry!, status))
            : result.Status == SaveStatus.Invalid ? Invalid(result.Problems) : Problem(result);
    }

    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(string id, CollectorAdministration admin, HttpContext http, CancellationToken cancellationToken) =>
        await admin.DeleteAsync(id, http.User.ActorName(), cancellationToken) switch
        {
            ActionStatus.Done => TypedResults.NoContent(),
            ActionStatus.NotFound => TypedResults.NotFound(),
            _ => TypedResults.Problem($"collector '{id}' comes from a file under collectors/: delete the file instead", statusCode: StatusCodes.Status409Conflict),
        };

    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> ActAsync(Task<ActionStatus> action) =>
        await action switch
        {
            ActionStatus.Done => TypedResults.NoContent(),
            ActionStatus.NotFound => TypedResults.NotFound(),
            var other => TypedResults.Problem($"not done: {other}", statusCode: StatusCodes.Status409Conflict),
        };

    internal static async Task<Results<Accepted, NotFound, ProblemHttpResult>> RunAsync(string id, CollectorAdministration admin, HttpContext http, CancellationToken cancellationToken) =>
        await admin.RunNowAsync(id, http.User.ActorName(), cancellationToken) switch
        {
            ActionStatus.Done => TypedResults.Accepted((string?)null),
            ActionStatus.NotFound => TypedResults.NotFound(),
            ActionStatus.NotSupported => TypedResults.Problem($"collector '{id}' has no schedule: its figures are entered, not collected", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem($"collector '{id}' cannot run on this node now: see its load error in GET /api/v1/collectors/{id}", statusCode: StatusCodes.Status409Conflict),
        };

    internal static async Task<Results<Accepted<BackfillProgress>, NotFound, ValidationProblem, ProblemHttpResult>> BackfillAsync(
        string id, BackfillRequest request, CollectorAdministration admin, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.From is not { } from || request.To is not { } to)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [request.From is null ? "from" : "to"] = ["is required (an ISO 8601 time with its offset)"] });
        }

        (ActionStatus status, string? message) = await admin.StartBackfillAsync(id, from, to, http.User.ActorName(), cancellationToken);
        return status switch
        {
            ActionStatus.Done => TypedResults.Accepted($"/api/v1/collectors/{id}/backfill", admin.GetBackfill(id)),
            ActionStatus.NotFound => TypedResults.NotFound(),
            ActionStatus.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [message!.Split(':')[0]] = [message[(message.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()] }),
            _ => TypedResults.Problem(message, statusCode: StatusCodes.Status409Conflict),
        };
    }

    internal static async Task<Results<Ok<TestRunView>, ValidationProblem, ProblemHttpResult>> TestAsync(CollectorAdministration admin, HttpContext http, CancellationToken cancellationToken)
    {
        var (document, format, refusal) = await ReadDocumentAsync(http.Request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var result = await admin.TestAsync(document, format, cancellationToken);
        if (result.Problems.Count > 0)
        {
            return Invalid(result.Problems);
        }

        if (result.Error is not null)
        {
            return TypedResults.Problem(result.Error, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The test run failed",
                extensions: new Dictionary<string, object?> { ["durationMs"] = result.DurationMs });
        }

        return TypedResults.Ok(new TestRunView(
            [.. result.Points.Select(p => new TestPointView(
                p.Measurement,
                p.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
                p.Fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal),
                DateTimeOffset.FromUnixTimeMilliseconds(p.Timestamp / 1_000_000)))],
            result.TotalPoints,
            result.DurationMs));
    }

    /// <summary>The raw body is the file; <c>name</c> its file name, which the collector's pattern must match.</summary>
    internal static async Task<Results<Accepted<DroppedFile>, NotFound, ValidationProblem, ProblemHttpResult>> DropFileAsync(
        string id, string? name, CollectorAdministration admin, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["is required: the report's file name, e.g. bao-cao-thang-10.xlsx"] });
        }

        if (http.Request.ContentLength > MaxFileBytes)
        {
            return TypedResults.Problem($"the file is larger than {MaxFileBytes / (1024 * 1024)} MiB", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        // The server stops reading (413) past the cap, so a file is never stored cut short.
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxFileBytes;
        }

        (ActionStatus status, string message) = await admin.DropFileAsync(id, name, http.Request.Body, http.User.ActorName(), cancellationToken);
        return status switch
        {
            ActionStatus.Done => TypedResults.Accepted($"/api/v1/collectors/{id}/runs", new DroppedFile(message)),
            ActionStatus.NotFound => TypedResults.NotFound(),
            ActionStatus.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [message] }),
            _ => TypedResults.Problem(message, statusCode: StatusCodes.Status409Conflict),
        };
    }

    /// <summary>
    /// The collector page's upload form (multipart, antiforgery checked as for every form that carries a file); back to
    /// the page with what happened.
    /// </summary>
    internal static async Task<Results<RedirectHttpResult, BadRequest<string>>> UploadFormAsync(
        string id, CollectorAdministration admin, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, HttpContext http, CancellationToken cancellationToken)
    {
        // The form is read here rather than bound, so the admin policy answers callers first whatever they send.
        var page = $"/admin/collectors/{Uri.EscapeDataString(id)}";
        if (!http.Request.HasFormContentType)
        {
            return TypedResults.BadRequest("send the collector page's upload form (multipart/form-data with a file)");
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
        {
            return TypedResults.BadRequest("the form has expired: open the collector page again");
        }

        var file = (await http.Request.ReadFormAsync(cancellationToken)).Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return TypedResults.LocalRedirect($"{page}?uploadError={Uri.EscapeDataString("choose a file")}");
        }

        if (file.Length > MaxFileBytes)
        {
            return TypedResults.LocalRedirect($"{page}?uploadError={Uri.EscapeDataString($"the file is larger than {MaxFileBytes / (1024 * 1024)} MiB")}");
        }

        await using var content = file.OpenReadStream();
        (ActionStatus status, string message) = await admin.DropFileAsync(id, Path.GetFileName(file.FileName), content, http.User.ActorName(), cancellationToken);
        return TypedResults.LocalRedirect(status == ActionStatus.Done ? $"{page}?uploaded={Uri.EscapeDataString(message)}" : $"{page}?uploadError={Uri.EscapeDataString(message)}");
    }

    internal static async Task<Results<FileContentHttpResult, NotFound>> ExportAsync(string id, CollectorAdministration admin, CancellationToken cancellationToken) =>
        await admin.ExportAsync(id, cancellationToken) is { } yaml
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(yaml), YamlMediaType, id + ".yaml")
            : TypedResults.NotFound();

    /// <summary>Newest first, every node's runs, replays and skips included.</summary>
    internal static async Task<Results<Ok<IReadOnlyList<CollectorRunView>>, NotFound, ValidationProblem>> RunsAsync(
        string id, int? limit, CollectorCatalog catalog, ICollectorRunStore runs, CollectorAdministration admin, CancellationToken cancellationToken)
    {
        if (!catalog.TryGet(id, out _, out _) && await admin.GetAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        if (limit is < 1 or > MaxRunsPerPage)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"must be between 1 and {MaxRunsPerPage}"] });
        }

        var listed = await runs.ListRunsAsync(id, limit ?? 100, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CollectorRunView>>([.. listed.Select(r =>
            new CollectorRunView(r.Slot, r.StartedAt, r.Duration.TotalMilliseconds, r.Outcome, r.Points, r.Error, r.Replay, r.Node))]);
    }

    private static CollectorView View(CollectorEntry e, CollectorStatusBoard status) => new(
        e.Id,
        e.Name,
        e.Kind,
        e.Schedule,
        !e.Paused && e.State != SourceState.Disabled,
        e.Source,
        status.Get(e.Id),
        e.Origin,
        e.Paused,
        e.State,
        e.LastRun is { } r ? new CollectorRunView(r.Slot, r.StartedAt, r.Duration.TotalMilliseconds, r.Outcome, r.Points, r.Error, r.Replay, r.Node) : null,
        e.LastSuccess,
        e.NextRun,
        e.Version,
        e.UpdatedAt,
        e.LoadError);

    private static bool WantsYaml(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && YamlMediaTypes.Any(t => a.Contains(t, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The body as text with its format; a refusal when it is neither YAML nor JSON, or too large.</summary>
    private static async Task<(string Document, DocumentFormat Format, ProblemHttpResult? Refusal)> ReadDocumentAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var type = request.ContentType?.Split(';')[0].Trim() ?? "";
        DocumentFormat format;
        if (YamlMediaTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            format = DocumentFormat.Yaml;
        }
        else if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            format = DocumentFormat.Json;
        }
        else
        {
            return ("", default, TypedResults.Problem(
                $"Content-Type '{type}' is not a definition: send application/yaml or application/json", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        if (request.ContentLength > DefinitionDocument.MaxBytes)
        {
            return ("", default, TypedResults.Problem($"the definition is larger than {DefinitionDocument.MaxBytes / 1024} KiB", statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
        var buffer = new char[DefinitionDocument.MaxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        return read > DefinitionDocument.MaxBytes
            ? ("", default, TypedResults.Problem($"the definition is larger than {DefinitionDocument.MaxBytes / 1024} KiB", statusCode: StatusCodes.Status413PayloadTooLarge))
            : (new string(buffer, 0, read), format, null);
    }

    private static ValidationProblem Invalid(IReadOnlyList<DefinitionProblem> problems) => TypedResults.ValidationProblem(
        problems.GroupBy(p => p.Field.Length == 0 ? "document" : p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()));

    private static ProblemHttpResult Problem(SaveResult result) =>
        TypedResults.Problem(result.Message, statusCode: result.Status == SaveStatus.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict);
}
