using System.ComponentModel.DataAnnotations;

namespace Ioc.Server.Features.Units;

/// <summary>Where the units files are, and which province this Ioc serves (keys of the <c>Ioc</c> section).</summary>
public sealed class UnitsOptions
{
    public const string Section = "Ioc";

    /// <summary>Folder of <c>units/*.yaml</c>; relative paths are looked up like the dashboards folder.</summary>
    [Required]
    public string UnitsPath { get; set; } = "units";

    /// <summary>
    /// The province profile whose units file names the province a leaders' dashboard opens on (<c>HT</c>, <c>VP</c>…);
    /// defaults to <c>Ioc:Simulator:Province</c>, then <c>HT</c>.
    /// </summary>
    public string? Province { get; set; }
}
