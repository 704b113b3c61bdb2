using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Definitions;

/// <summary>
/// Keeps this node's collectors equal to the configuration store's: polls its revision, and on a change reads every
/// collector definition and pause again, rebuilds the catalog and brings the schedule in line. A stored definition
/// that no longer builds (a secret deleted, a kind gone) is left out with its problems, and the rest go on.
/// </summary>
internal sealed partial class CollectorReloader : BackgroundService
{
    private readonly IDefinitionStore _definitions;
    private readonly ICollectorStateStore _states;
    private readonly DefinitionVariables _variables;
    private readonly DefinitionSet _set;
    private readonly IReadOnlyList<ICollectorKind> _kinds;
    private readonly IServiceProvider _services;
    private readonly IOptions<CollectorReloadOptions> _options;
    private readonly ILogger<CollectorReloader> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile IReadOnlyDictionary<string, IReadOnlyList<string>> _problems = new Dictionary<string, IReadOnlyList<string>>();
    private volatile IReadOnlyDictionary<string, CollectorState> _paused = new Dictionary<string, CollectorState>();
    private long _revision = -1;
    private bool _failing;

    public CollectorReloader(
        IDefinitionStore definitions,
        ICollectorStateStore states,
        DefinitionVariables variables,
        DefinitionSet set,
        IEnumerable<ICollectorKind> kinds,
        IServiceProvider services,
        IOptions<CollectorReloadOptions> options,
        ILogger<CollectorReloader> logger)
    {
        _definitions = definitions;
        _states = states;
        _variables = variables;
        _set = set;
        _kinds = [.. kinds];
        _services = services;
        _options = options;
        _logger = logger;
    }

    /// <summary>Stored collectors that could not be built, by id, with every problem.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Problems => _problems;

    /// <summary>Collectors an administrator paused (on any node), by id.</summary>
    public IReadOnlyDictionary<string, CollectorState> Paused => _paused;

    /// <summary>
    /// Reads the store and replaces the catalog. With <paramref name="strictFiles"/> (start-up), a provisioned
    /// definition that does not build is an error, as a bad file is; a stored one made in Ioc never stops a start.
    /// </summary>
    public async Task ReloadAsync(bool strictFiles = false, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var revision = await _states.GetRevisionAsync(cancellationToken);
            var variables = await _variables.ReadAsync(cancellationToken);
            var paused = (await _states.ListStatesAsync(cancellationToken)).Where(s => s.Paused).ToDictionary(s => s.CollectorId, StringComparer.Ordinal);
            var problems = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var definitions = new List<CollectorDefinition>();
            foreach (var stored in await _definitions.ListAsync(DefinitionKind.Collector, cancellationToken))
            {
                try
                {
                    var definition = CollectorDefinitionLoader.Parse(stored.Content, variables, stored.Source);
                    definitions.Add(paused.ContainsKey(definition.Id) ? definition with { Enabled = false } : definition);
                }
                catch (DefinitionException ex)
                {
                    problems[stored.Id] = ex.Problems;
                }
            }

            var catalog = CollectorCatalog.BuildEach(definitions, _kinds, problems);
            if (strictFiles)
            {
                var fromFiles = problems.Where(p => p.Value.Any(m => m.StartsWith(DefinitionProvisioner.CollectorPrefix, StringComparison.Ordinal))).SelectMany(p => p.Value).ToList();
                if (fromFiles.Count > 0)
                {
                    throw new DefinitionException(fromFiles);
                }
            }

            if (_set.TryGetCollectors(out var current))
            {
                current.Replace(catalog);
            }
            else
            {
                _set.SetCollectors(catalog);
                current = catalog;
            }

            foreach (var id in problems.Keys.ToList())
            {
                problems[id] = _variables.Masked(problems[id]);
            }

            _problems = problems;
            _paused = paused;
            foreach (var (id, messages) in problems)
            {
                LogLeftOut(id, string.Join(" | ", messages));
            }

            // Hangfire's recurring jobs follow (at start-up the scheduler does it when it starts); should that fail
            // (its storage is down), the revision is not taken and the next poll tries again.
            if (!strictFiles)
            {
                _services.GetService<Scheduling.CollectorScheduler>()?.Reconcile(current);
            }

            Interlocked.Exchange(ref _revision, revision);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.ReloadInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await _states.GetRevisionAsync(stoppingToken) != Interlocked.Read(ref _revision))
                {
                    await ReloadAsync(cancellationToken: stoppingToken);
                    LogReloaded(_set.Collectors.Definitions.Count(), Interlocked.Read(ref _revision));
                }

                if (_failing)
                {
                    _failing = false;
                    LogRecovered();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The store may be down for a while: say so once, keep the collectors as they are, try again.
                if (!_failing)
                {
                    _failing = true;
                    LogCannotReload(ex.Message);
                }
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Collectors changed in the configuration store: now {Count} collectors (revision {Revision})")]
    private partial void LogReloaded(int count, long revision);

    [LoggerMessage(LogLevel.Error, "Collector {CollectorId} is stored but cannot run: {Problems}")]
    private partial void LogLeftOut(string collectorId, string problems);

    [LoggerMessage(LogLevel.Warning, "Cannot read collector changes from the configuration store; running the collectors as they were: {Reason}")]
    private partial void LogCannotReload(string reason);

    [LoggerMessage(LogLevel.Information, "Reading collector changes from the configuration store again")]
    private partial void LogRecovered();
}
