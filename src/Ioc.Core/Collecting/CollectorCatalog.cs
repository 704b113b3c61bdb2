namespace Ioc.Core.Collecting;

/// <summary>The collectors this process runs, built from their definitions by their kinds.</summary>
public sealed class CollectorCatalog
{
    private readonly Dictionary<string, (CollectorDefinition Definition, ICollector Collector)> _entries;

    private CollectorCatalog(Dictionary<string, (CollectorDefinition, ICollector)> entries) => _entries = entries;

    public IEnumerable<CollectorDefinition> Definitions => _entries.Values.Select(e => e.Definition).OrderBy(d => d.Id, StringComparer.Ordinal);

    /// <summary>Builds every definition with its kind; throws <see cref="DefinitionException"/> listing all that fail.</summary>
    public static CollectorCatalog Build(IEnumerable<CollectorDefinition> definitions, IEnumerable<ICollectorKind> kinds)
    {
        var byName = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        var entries = new Dictionary<string, (CollectorDefinition, ICollector)>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            if (!byName.TryGetValue(definition.Kind, out var kind))
            {
                problems.Add($"{definition.Source}: kind: '{definition.Kind}' is not a known collector kind (known: {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))})");
                continue;
            }

            if (entries.TryGetValue(definition.Id, out var existing))
            {
                problems.Add($"{definition.Source}: id: '{definition.Id}' is already used by {existing.Item1.Source}");
                continue;
            }

            try
            {
                entries.Add(definition.Id, (definition, kind.Create(definition)));
            }
            catch (DefinitionException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        if (problems.Count > 0)
        {
            throw new DefinitionException(problems);
        }

        return new CollectorCatalog(entries);
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
