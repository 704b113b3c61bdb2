namespace Ioc.Core.Collecting;

/// <summary>
/// The collectors this process runs, built from their definitions by their kinds. One instance serves the process for
/// its life; <see cref="Replace"/> swaps in what an administrator changed, and readers see either the old set or the
/// new one, never a mix.
/// </summary>
public sealed class CollectorCatalog
{
    private volatile Dictionary<string, (CollectorDefinition Definition, ICollector Collector)> _entries;

    private CollectorCatalog(Dictionary<string, (CollectorDefinition, ICollector)> entries) => _entries = entries;

    public IEnumerable<CollectorDefinition> Definitions => _entries.Values.Select(e => e.Definition).OrderBy(d => d.Id, StringComparer.Ordinal);

    /// <summary>Builds every definition with its kind; throws <see cref="DefinitionException"/> listing all that fail.</summary>
    public static CollectorCatalog Build(IEnumerable<CollectorDefinition> definitions, IEnumerable<ICollectorKind> kinds)
    {
        var problems = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var catalog = BuildEach(definitions, kinds, problems);
        if (problems.Count > 0)
        {
            throw new DefinitionException([.. problems.Values.SelectMany(p => p)]);
        }

        return catalog;
    }

    /// <summary>
    /// Builds what can be built; each definition that cannot is left out and its problems are added under its id, so
    /// one broken collector does not stop the others.
    /// </summary>
    public static CollectorCatalog BuildEach(IEnumerable<CollectorDefinition> definitions, IEnumerable<ICollectorKind> kinds, IDictionary<string, IReadOnlyList<string>> problemsById)
    {
        ArgumentNullException.ThrowIfNull(problemsById);
        var byName = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);
        var entries = new Dictionary<string, (CollectorDefinition, ICollector)>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!byName.TryGetValue(definition.Kind, out var kind))
            {
                problemsById[definition.Id] = [$"{definition.Source}: kind: '{definition.Kind}' is not a known collector kind (known: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))})"];
                continue;
            }

            if (entries.TryGetValue(definition.Id, out var existing))
            {
                problemsById[definition.Id + "@" + definition.Source] = [$"{definition.Source}: id: '{definition.Id}' is already used by {existing.Item1.Source}"];
                continue;
            }

            if (!definition.IsScheduled && kind is not IUnscheduledCollectorKind)
            {
                problemsById[definition.Id] = [$"{definition.Source}: schedule: required for a {definition.Kind} collector (cron, five fields or six with seconds first)"];
                continue;
            }

            try
            {
                entries.Add(definition.Id, (definition, kind.Create(definition)));
            }
            catch (DefinitionException ex)
            {
                problemsById[definition.Id] = ex.Problems;
            }
        }

        return new CollectorCatalog(entries);
    }

    /// <summary>Takes the collectors of <paramref name="next"/> as this catalog's own.</summary>
    public void Replace(CollectorCatalog next)
    {
        ArgumentNullException.ThrowIfNull(next);
        _entries = next._entries;
    }

    public bool TryGet(string id, out CollectorDefinition definition, out ICollector collector)
    {
        if (_entries.TryGetValue(id, out var entry))
        {
            (definition, collector) = entry;
            return true;
        }

        definition = null!;
        collector = null!;
        return false;
    }
}
