using Ioc.Core.Units;
using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Units;

/// <summary>The units this process serves, loaded from the units files at start-up, and the province's own unit.</summary>
internal sealed partial class UnitCatalog(IOptions<UnitsOptions> options, IWebHostEnvironment environment, TimeProvider clock, ILogger<UnitCatalog> logger)
{
    /// <summary>Days of the units are days in the provinces' time zone.</summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    private UnitRegistry? _registry;

    public UnitRegistry Registry => _registry ?? throw new InvalidOperationException("units are not loaded yet: the host calls LoadDefinitionsAsync before it starts");

    /// <summary>Throws <see cref="Ioc.Core.Collecting.DefinitionException"/> naming file and path of every problem.</summary>
    public void Load()
    {
        var folder = FolderLocator.Resolve(options.Value.UnitsPath, environment.ContentRootPath);
        _registry = UnitsLoader.LoadDirectory(folder);
        if (_registry.Count == 0)
        {
            LogNoUnits(logger, folder);
        }
        else
        {
            LogLoaded(logger, _registry.Count, _registry.Files.Count);
        }
    }

    /// <summary>Today in the province.</summary>
    public DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    /// <summary>The first instant after <paramref name="day"/> in the province.</summary>
    public static DateTimeOffset EndOf(DateOnly day)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    /// <summary>The configured province's unit on <paramref name="day"/>, or null when no units file names it.</summary>
    public AdministrativeUnit? Province(DateOnly day) => Registry.ProvinceOf(options.Value.Province ?? "HT", day);

    [LoggerMessage(LogLevel.Warning, "No administrative units loaded from {Folder}: unit queries and drill-down answer nothing")]
    private static partial void LogNoUnits(ILogger logger, string folder);

    [LoggerMessage(LogLevel.Information, "Loaded {Count} administrative units from {Files} files")]
    private static partial void LogLoaded(ILogger logger, int count, int files);
}
