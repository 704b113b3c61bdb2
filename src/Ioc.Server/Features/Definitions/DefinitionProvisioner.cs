using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Core.Dashboards;
using Ioc.Core.Plans;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Units;
using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Definitions;

/// <summary>
/// Provisions the definition files into the configuration store, then builds the catalogs from what the store
/// holds. Files are validated whole first, so a bad file changes nothing; a provisioned definition whose file
/// is gone is removed; a file may not take the id of a collector made in Ioc. Documents are stored as written
/// (<c>${NAME}</c> and <c>${secret:NAME}</c> unexpanded), so credentials stay out of the definitions.
/// </summary>
internal sealed partial class DefinitionProvisioner
{
    public const string CollectorPrefix = "collectors/";
    private const string DashboardPrefix = "dashboards/";

    private readonly IDefinitionStore _store;
    private readonly DefinitionSet _set;
    private readonly IOptions<IocOptions> _options;
    private readonly IWebHostEnvironment _environment;
    private readonly DefinitionVariables _variables;
    private readonly CollectorReloader _reloader;
    private readonly IReadOnlyList<ICollectorKind> _kinds;
    private readonly UnitCatalog _units;
    private readonly IOptions<PlaylistOptions> _playlistOptions;
    private readonly ILogger<DefinitionProvisioner> _logger;

    public DefinitionProvisioner(
        IDefinitionStore store,
        DefinitionSet set,
        IOptions<IocOptions> options,
        IWebHostEnvironment environment,
        DefinitionVariables variables,
        CollectorReloader reloader,
        IEnumerable<ICollectorKind> kinds,
        UnitCatalog units,
        IOptions<PlaylistOptions> playlistOptions,
        ILogger<DefinitionProvisioner> logger)
    {
        _playlistOptions = playlistOptions;
        _units = units;
        _store = store;
        _set = set;
        _options = options;
        _environment = environment;
        _variables = variables;
        _reloader = reloader;
        _kinds = [.. kinds];
        _logger = logger;
    }

    /// <summary>Throws <see cref="DefinitionException"/> listing every problem by file and field.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await _store.InitializeAsync(cancellationToken);
        var variables = await _variables.ReadAsync(cancellationToken);

        var collectorDir = FolderLocator.Resolve(_options.Value.CollectorsPath, _environment.ContentRootPath);
        var collectorFiles = CollectorDefinitionLoader.LoadDirectory(collectorDir, variables);
        CollectorCatalog.Build(collectorFiles, _kinds);
        var dashboardDir = FolderLocator.Resolve(_options.Value.DashboardsPath, _environment.ContentRootPath);
        var dashboardFiles = DashboardLoader.LoadDirectory(dashboardDir);

        // Plans are read from their files alone: a plan changes with a new legal document, not in the UI.
        var plans = new PlanCatalog(PlanLoader.LoadDirectory(FolderLocator.Resolve(_options.Value.PlansPath, _environment.ContentRootPath)));

        var madeInIoc = (await _store.ListAsync(DefinitionKind.Collector, cancellationToken)).Where(d => !d.Source.StartsWith(CollectorPrefix, StringComparison.Ordinal)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var clashes = collectorFiles.Where(f => madeInIoc.ContainsKey(f.Id))
            .Select(f => $"{f.Source}: id: '{f.Id}' is already used by a collector made in Ioc (source '{madeInIoc[f.Id].Source}'); give the file another id, or export that collector and delete it in /admin/collectors")
            .ToList();
        if (clashes.Count > 0)
        {
            throw new DefinitionException(clashes);
        }

        await ProvisionAsync(DefinitionKind.Collector, CollectorPrefix, collectorDir, collectorFiles.Select(d => (d.Id, d.Source)), cancellationToken);
        await ProvisionAsync(DefinitionKind.Dashboard, DashboardPrefix, dashboardDir, dashboardFiles.Select(d => (d.Id, d.Source)), cancellationToken);

        var problems = new List<string>();
        var dashboards = new List<DashboardDefinition>();
        foreach (var stored in await _store.ListAsync(DefinitionKind.Dashboard, cancellationToken))
        {
            Collect(problems, () => dashboards.Add(DashboardLoader.Parse(stored.Content, stored.Source)));
        }

        problems.AddRange(plans.CheckReferences(dashboards));

        // Playlists are read from their files alone, like plans, and name dashboards that must exist.
        IReadOnlyList<PlaylistDefinition> playlists = [];
        Collect(problems, () => playlists = PlaylistLoader.LoadDirectory(
            Path.Combine(dashboardDir, PlaylistLoader.Folder), dashboards.Select(d => d.Id).ToHashSet(StringComparer.Ordinal), _playlistOptions.Value.MinDwell));
        problems.AddRange(playlists.SelectMany(p => p.Items.Select((item, i) => (p, item, i)))
            .Where(x => x.item.Unit is { } unit && _units.Registry.Find(unit) is null)
            .Select(x => $"{x.p.Source}: items[{x.i}].unit: no unit '{x.item.Unit}' in the units files"));
        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }

        await _reloader.ReloadAsync(strictFiles: true, cancellationToken);
        _set.SetDashboards(new DashboardCatalog(dashboards.Select(NameProvince)));
        _set.SetPlans(plans);
        _set.SetPlaylists(new PlaylistCatalog(playlists));
        LogLoaded(_set.Collectors.Definitions.Count(), dashboards.Count);
    }
    private async Task ProvisionAsync(DefinitionKind kind, string prefix, string directory, IEnumerable<(string Id, string Source)> files, CancellationToken cancellationToken)
    {
        var provided = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, source) in files)
        {
            provided.Add(id);
            var content = await File.ReadAllTextAsync(Path.Combine(directory, Path.GetFileName(source)), cancellationToken);
            var stored = await _store.UpsertAsync(kind, id, content, prefix + Path.GetFileName(source), cancellationToken);
            if (stored.Version > 1 && stored.UpdatedAt > DateTimeOffset.UtcNow.AddMinutes(-1))
            {
                LogUpdated(kind, id, stored.Version);
            }
        }

        foreach (var stale in (await _store.ListAsync(kind, cancellationToken)).Where(d => d.Source.StartsWith(prefix, StringComparison.Ordinal) && !provided.Contains(d.Id)))
        {
            await _store.DeleteAsync(kind, stale.Id, cancellationToken);
            LogRemoved(kind, stale.Id, stale.Source);
        }
    }

    private static void Collect(List<string> problems, Action parse)
    {
        try
        {
            parse();
        }
        catch (DefinitionException ex)
        {
            problems.AddRange(ex.Problems);
        }
    }

    /// <summary>
    /// <c>{province}</c> in a dashboard's title or description names the province this Ioc serves, as its units say
    /// today ("Tỉnh Hà Tĩnh"; Vĩnh Phúc's figures after 2025-07-01 are Phú Thọ's), so one file serves any province.
    /// </summary>
    private DashboardDefinition NameProvince(DashboardDefinition dashboard)
    {
        const string Placeholder = "{province}";
        if (!dashboard.Title.Contains(Placeholder, StringComparison.Ordinal) && dashboard.Description?.Contains(Placeholder, StringComparison.Ordinal) != true)
        {
            return dashboard;
        }

        var name = _units.Province(_units.Today())?.Name ?? "";
        return dashboard with { Title = dashboard.Title.Replace(Placeholder, name, StringComparison.Ordinal), Description = dashboard.Description?.Replace(Placeholder, name, StringComparison.Ordinal) };
    }

    [LoggerMessage(LogLevel.Information, "Loaded {Collectors} collectors and {Dashboards} dashboards from the configuration store")]
    private partial void LogLoaded(int collectors, int dashboards);

    [LoggerMessage(LogLevel.Information, "{Kind} {Id} changed in its file; now version {Version}")]
    private partial void LogUpdated(DefinitionKind kind, string id, long version);

    [LoggerMessage(LogLevel.Information, "{Kind} {Id} removed: its file {Source} is gone")]
    private partial void LogRemoved(DefinitionKind kind, string id, string source);
}
