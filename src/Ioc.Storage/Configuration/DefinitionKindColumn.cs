using Ioc.Core.Configuration;

namespace Ioc.Storage.Configuration;

/// <summary>
/// How a <see cref="DefinitionKind"/> is written in the <c>kind</c> column. Fixed words rather than the enum's
/// number or name, so renaming or reordering the enum never reinterprets rows already stored.
/// </summary>
internal static class DefinitionKindColumn
{
    public static string ToColumn(DefinitionKind kind) => kind switch
    {
        DefinitionKind.Collector => "collector",
        DefinitionKind.Dashboard => "dashboard",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown definition kind"),
    };

    public static DefinitionKind FromColumn(string value) => value switch
    {
        "collector" => DefinitionKind.Collector,
        "dashboard" => DefinitionKind.Dashboard,
        _ => throw new InvalidOperationException($"Stored definition kind '{value}' is unknown to this build of Ioc"),
    };
}
