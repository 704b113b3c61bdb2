using Ioc.Core.Collecting;
using Ioc.Core.ServiceIndex;
using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.ServiceIndex;

/// <summary>The scoring tables of <c>Ioc:IndicesPath</c>, read once; a bad table stops start-up with its problems by file and path.</summary>
internal sealed class ServiceIndexTables(IHostEnvironment environment, IOptions<ServiceIndexOptions> options)
{
    private readonly Lock _gate = new();
    private (string Path, IReadOnlyList<ServiceIndexTable> Tables)? _loaded;

    /// <summary>The table named by <see cref="ServiceIndexOptions.Table"/> in <paramref name="indicesPath"/> (<see cref="IocOptions.IndicesPath"/>).</summary>
    public ServiceIndexTable Current(string indicesPath) => Find(Load(indicesPath), options.Value.Table)
        ?? throw new InvalidOperationException($"{ServiceIndexOptions.Section}:Table '{options.Value.Table}' is not a loaded table");

    public IReadOnlyList<ServiceIndexTable> Load(string indicesPath)
    {
        var path = FolderLocator.Resolve(indicesPath, environment.ContentRootPath);
        lock (_gate)
        {
            if (_loaded is { } loaded && loaded.Path == path)
            {
                return loaded.Tables;
            }

            var tables = ServiceIndexTableLoader.LoadDirectory(path);
            _loaded = (path, tables);
            return tables;
        }
    }

    private static ServiceIndexTable? Find(IReadOnlyList<ServiceIndexTable> tables, string id) => tables.FirstOrDefault(t => t.Id == id);

    /// <summary>Checked with the <c>Ioc</c> settings, so a bad table fails start-up as invalid settings do.</summary>
    internal sealed class StartCheck(ServiceIndexTables tables, IOptions<ServiceIndexOptions> options) : IValidateOptions<IocOptions>
    {
        public ValidateOptionsResult Validate(string? name, IocOptions settings)
        {
            try
            {
                var loaded = tables.Load(settings.IndicesPath);
                return Find(loaded, options.Value.Table) is null
                    ? ValidateOptionsResult.Fail($"{ServiceIndexOptions.Section}:Table: no table '{options.Value.Table}' in {settings.IndicesPath} (found: {string.Join(", ", loaded.Select(t => t.Id))})")
                    : ValidateOptionsResult.Success;
            }
            catch (DefinitionException ex)
            {
                return ValidateOptionsResult.Fail(ex.Problems);
            }
        }
    }
}
