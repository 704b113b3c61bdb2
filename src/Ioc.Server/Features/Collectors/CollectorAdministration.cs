using Hangfire;
using Ioc.Collectors;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Server.Access;
using Ioc.Server.Features.Definitions;
using Ioc.Server.Scheduling;

namespace Ioc.Server.Features.Collectors;

/// <summary>
/// Everything administrators do to collectors, for the API and the admin pages alike: every change is checked
/// whole, audited with a diff, stored in the configuration store and in effect on every node within seconds
/// (this node at once; the others when they next poll the store's revision).
/// </summary>
internal sealed partial class CollectorAdministration
{
    public const int MaxTestPoints = 100;

    /// <summary>The source name of collectors made in Ioc rather than provisioned from a file.</summary>
    public const string AdminSource = "admin";

    internal const string AuditTarget = "collector ";

    private readonly IDefinitionStore _store;
    private readonly ICollectorStateStore _states;
    private readonly ICollectorRunStore _runs;
    private readonly CollectorReloader _reloader;
    private readonly CollectorCatalog _catalog;
    private readonly DefinitionVariables _variables;
    private readonly IReadOnlyList<ICollectorKind> _kinds;
    private readonly AuditLog _audit;
    private readonly IServiceProvider _services;
    private readonly CollectorBackfills _backfills;
    private readonly CollectorTestRun _testRun;
    private readonly TimeProvider _clock;
    private readonly ILogger<CollectorAdministration> _logger;

    public CollectorAdministration(
        IDefinitionStore store,
        ICollectorStateStore states,
        ICollectorRunStore runs,
        CollectorReloader reloader,
        CollectorCatalog catalog,
        DefinitionVariables variables,
        IEnumerable<ICollectorKind> kinds,
        AuditLog audit,
        IServiceProvider services,
        CollectorBackfills backfills,
        CollectorTestRun testRun,
        TimeProvider clock,
        ILogger<CollectorAdministration> logger)
    {
        _store = store;
        _states = states;
        _runs = runs;
        _reloader = reloader;
        _catalog = catalog;
        _variables = variables;
        _kinds = [.. kinds.OrderBy(k => k.Name, StringComparer.Ordinal)];
        _audit = audit;
        _services = services;
        _backfills = backfills;
        _testRun = testRun;
        _clock = clock;
        _logger = logger;
    }

    public IReadOnlyList<CollectorKindInfo> Kinds => [.. _kinds.Select(k => new CollectorKindInfo(k.Name, CollectorKinds.FindSample(k)?.Yaml ?? ""))];

    public async Task<IReadOnlyList<CollectorEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<CollectorEntry>();
        foreach (var stored in await _store.ListAsync(DefinitionKind.Collector, cancellationToken))
        {
            entries.Add(await EntryAsync(stored, cancellationToken));
        }

        return entries;
    }

    public async Task<CollectorEntry?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await FindAsync(id, cancellationToken) is { } stored ? await EntryAsync(stored, cancellationToken) : null;

    /// <summary>Creates (<paramref name="id"/> null) or replaces a collector made in Ioc.</summary>
    public async Task<SaveResult> SaveAsync(string? id, string document, DocumentFormat format, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var existing = id is null ? null : await FindAsync(id, cancellationToken);
        if (id is not null && existing is null)
        {
            return Refused(SaveStatus.NotFound, $"no collector '{id}'");
        }

        if (existing is not null && IsProvisioned(existing))
        {
            return Refused(SaveStatus.ReadOnly, $"collector '{existing.Id}' comes from the file {existing.Source}: change the file, or copy it as a new collector");
        }

        var (definition, yaml, problems) = await CheckAsync(document, format, cancellationToken);
        if (definition is null)
        {
            return new SaveResult(SaveStatus.Invalid, null, problems, null);
        }

        if (id is not null && definition.Id != id)
        {
            return new SaveResult(SaveStatus.Invalid, null, [new DefinitionProblem("id", $"'{definition.Id}' differs from '{id}': an id cannot change; copy the collector as a new one instead")], null);
        }

        if (IsReserved(definition.Id))
        {
            return new SaveResult(SaveStatus.Invalid, null, [new DefinitionProblem("id", $"'{definition.Id}' is reserved ('test' and ids starting with '_')")], null);
        }

        if (id is null && await FindAsync(definition.Id, cancellationToken) is { } taken)
        {
            return Refused(SaveStatus.Conflict, $"id '{definition.Id}' is already used by {(IsProvisioned(taken) ? "the file " + taken.Source : "a collector made in Ioc")}");
        }

        var saved = await _store.UpsertAsync(DefinitionKind.Collector, definition.Id, yaml, AdminSource, cancellationToken);
        await _audit.RecordAsync(actor, existing is null ? "collector.create" : "collector.update", AuditTarget + saved.Id, LineDiff.Describe(existing?.Content ?? "", yaml), cancellationToken);
        LogSaved(saved.Id, saved.Version, actor);
        await _reloader.ReloadAsync(cancellationToken: cancellationToken);
        return new SaveResult(SaveStatus.Saved, await EntryAsync(saved, cancellationToken), [], null);
    }

    public async Task<ActionStatus> DeleteAsync(string id, string actor, CancellationToken cancellationToken = default)
    {
        var existing = await FindAsync(id, cancellationToken);
        if (existing is null)
        {
            return ActionStatus.NotFound;
        }

        if (IsProvisioned(existing))
        {
            return ActionStatus.Conflict;
        }

        await _store.DeleteAsync(DefinitionKind.Collector, id, cancellationToken);
        await _states.ForgetStateAsync(id, cancellationToken);
        _services.GetService<CollectorScheduler>()?.Forget(id);
        await _audit.RecordAsync(actor, "collector.delete", AuditTarget + id, LineDiff.Describe(existing.Content, ""), cancellationToken);
        LogDeleted(id, actor);
        await _reloader.ReloadAsync(cancellationToken: cancellationToken);
        return ActionStatus.Done;
    }

    public async Task<ActionStatus> SetPausedAsync(string id, bool paused, string actor, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(id, cancellationToken) is null)
        {
            return ActionStatus.NotFound;
        }

        await _states.SetPausedAsync(id, paused, actor, cancellationToken);
        await _audit.RecordAsync(actor, paused ? "collector.pause" : "collector.resume", AuditTarget + id, "", cancellationToken);
        await _reloader.ReloadAsync(cancellationToken: cancellationToken);
        return ActionStatus.Done;
    }

    /// <summary>Queues a run of the current slot now, on whichever node's scheduler takes it first.</summary>
    public async Task<ActionStatus> RunNowAsync(string id, string actor, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(id, cancellationToken) is null)
        {
            return ActionStatus.NotFound;
        }

        if (!_catalog.TryGet(id, out var definition, out _))
        {
            return ActionStatus.Conflict;
        }

        if (!definition.IsScheduled)
        {
            return ActionStatus.NotSupported;
        }

        _services.GetRequiredService<IBackgroundJobClient>().Enqueue<CollectorJob>(job => job.RunAsync(id, null, CancellationToken.None));
        await _audit.RecordAsync(actor, "collector.run", AuditTarget + id, "", cancellationToken);
        return ActionStatus.Done;
    }

    /// <summary>
    /// Hands a report file to a collector that reads dropped files (the <c>file</c> kind), as an agency would drop it in
    /// the watched folder, and queues a run to import it.
    /// </summary>
    public async Task<(ActionStatus Status, string Message)> DropFileAsync(string id, string fileName, Stream content, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (await FindAsync(id, cancellationToken) is null)
        {
            return (ActionStatus.NotFound, $"no collector '{id}'");
        }

        if (!_catalog.TryGet(id, out _, out var collector))
        {
            return (ActionStatus.Conflict, $"collector '{id}' cannot run on this node now");
        }

        if (collector is not IFileDropCollector drop)
        {
            return (ActionStatus.NotSupported, $"collector '{id}' does not read files: upload reports to a collector of kind 'file'");
        }

        string stored;
        try
        {
            stored = await drop.DropAsync(fileName, content, cancellationToken);
        }
        catch (CollectorException ex)
        {
            return (ActionStatus.Invalid, ex.Message);
        }

        await _audit.RecordAsync(actor, "collector.file", AuditTarget + id, stored, cancellationToken);
        LogDropped(stored, id, actor);
        _services.GetRequiredService<IBackgroundJobClient>().Enqueue<CollectorJob>(job => job.RunAsync(id, null, CancellationToken.None));
        return (ActionStatus.Done, stored);
    }

    /// <summary>Runs an unsaved definition once and stores nothing.</summary>
    public async Task<TestResult> TestAsync(string document, DocumentFormat format, CancellationToken cancellationToken = default)
    {
        var (definition, _, problems) = await CheckAsync(document, format, cancellationToken);
        return definition is null
            ? new TestResult([], 0, 0, problems, null)
            : await _testRun.RunAsync(definition, _kinds.First(k => k.Name == definition.Kind), cancellationToken);
    }

    /// <summary>The document as YAML, for a file under <c>collectors/</c>.</summary>
    public async Task<string?> ExportAsync(string id, CancellationToken cancellationToken = default) =>
        (await FindAsync(id, cancellationToken))?.Content;

    /// <summary>Starts collecting every slot of a past window, oldest first, from a source that answers as of a time.</summary>
    public async Task<(ActionStatus Status, string? Message)> StartBackfillAsync(string id, DateTimeOffset from, DateTimeOffset to, string actor, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(id, cancellationToken) is null)
        {
            return (ActionStatus.NotFound, $"no collector '{id}'");
        }

        var (status, message) = _backfills.Start(id, from, to, actor);
        if (status == ActionStatus.Done)
        {
            await _audit.RecordAsync(actor, "collector.backfill", AuditTarget + id, $"{from:o} – {to:o}", cancellationToken);
        }

        return (status, message);
    }

    /// <summary>The newest back-fill of the collector started on this node, going or finished.</summary>
    public BackfillProgress? GetBackfill(string id) => _backfills.Get(id);

    internal static bool IsReserved(string id) => id == "test" || id.StartsWith('_');

    private static bool IsProvisioned(StoredDefinition stored) => stored.Source.StartsWith(DefinitionProvisioner.CollectorPrefix, StringComparison.Ordinal);

    private static SaveResult Refused(SaveStatus status, string message) => new(status, null, [], message);

    private async Task<StoredDefinition?> FindAsync(string id, CancellationToken cancellationToken) =>
        (await _store.ListAsync(DefinitionKind.Collector, cancellationToken)).FirstOrDefault(d => d.Id == id);

    /// <summary>The document parsed and built by its kind, as a save would; problems name the field.</summary>
    private async Task<(CollectorDefinition? Definition, string Yaml, IReadOnlyList<DefinitionProblem> Problems)> CheckAsync(string document, DocumentFormat format, CancellationToken cancellationToken)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(document) > DefinitionDocument.MaxBytes)
        {
            return (null, "", [new DefinitionProblem("", $"the document is larger than {DefinitionDocument.MaxBytes / 1024} KiB")]);
        }

        var yaml = DefinitionDocument.ToYaml(document, format, out var problem);
        if (problem is not null)
        {
            return (null, "", [problem]);
        }

        try
        {
            var definition = CollectorDefinitionLoader.Parse(yaml, await _variables.ReadAsync(cancellationToken), AdminSource);
            CollectorCatalog.Build([definition], _kinds);
            return (definition, yaml, []);
        }
        catch (DefinitionException ex)
        {
            return (null, yaml, DefinitionDocument.Problems(_variables.Masked(ex.Problems), AdminSource));
        }
    }

    private async Task<CollectorEntry> EntryAsync(StoredDefinition stored, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var recent = await _runs.ListRunsAsync(stored.Id, SourceJudgement.RunsJudged, cancellationToken);
        var paused = _reloader.Paused.ContainsKey(stored.Id);
        var origin = IsProvisioned(stored) ? CollectorOrigin.Provisioned : CollectorOrigin.Admin;
        if (!_catalog.TryGet(stored.Id, out var definition, out var collector))
        {
            var problems = _reloader.Problems.GetValueOrDefault(stored.Id) ?? ["not loaded on this node yet"];
            return new CollectorEntry(
                stored.Id, stored.Id, "", "", origin, stored.Source, stored.Content, stored.Version, stored.UpdatedAt, paused, SourceState.Failing, (recent.Count > 0 ? recent[0] : null), null, null, string.Join(Environment.NewLine, problems));
        }

        var newestEntry = await SourceJudgement.NewestEntryAsync(collector, stored.Id, _services.GetRequiredService<IManualEntryStore>(), cancellationToken);
        var judged = SourceJudgement.Of(definition, recent, now, collector, newestEntry, await _runs.LastSucceededSlotAsync(stored.Id, cancellationToken));
        DateTimeOffset? next = definition.Enabled && CronSchedule.TryParse(definition.Schedule, out var schedule, out _) ? schedule!.Next(now) : null;
        return new CollectorEntry(
            stored.Id, definition.Name, definition.Kind, definition.Schedule, origin, stored.Source, stored.Content, stored.Version, stored.UpdatedAt, paused, judged.State, (recent.Count > 0 ? recent[0] : null), judged.LastSuccess, next);
    }

    [LoggerMessage(LogLevel.Information, "Collector {CollectorId} saved as version {Version} by {Actor}")]
    private partial void LogSaved(string collectorId, long version, string actor);

    [LoggerMessage(LogLevel.Information, "File {FileName} handed to collector {CollectorId} by {Actor}")]
    private partial void LogDropped(string fileName, string collectorId, string actor);

    [LoggerMessage(LogLevel.Information, "Collector {CollectorId} deleted by {Actor}")]
    private partial void LogDeleted(string collectorId, string actor);
}
