using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Ioc.Server.Features.Definitions;

namespace Ioc.Server.Features.Screens;

/// <summary>
/// What a page runs against: the Ioc version and a revision of the dashboards it can show. A screen that started
/// against other ones reloads itself (an upgrade, a dashboard file changed), without anyone at the screen.
/// </summary>
internal sealed class ScreenBuild(DefinitionSet definitions)
{
    private object? _hashedFrom;
    private string _revision = "";

    public static string AppVersion { get; } =
        typeof(ScreenBuild).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ScreenBuild).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>A short hash of every dashboard definition served; it changes when any of them does.</summary>
    public string Revision
    {
        get
        {
            var catalog = definitions.Dashboards;
            if (!ReferenceEquals(catalog, _hashedFrom))
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(catalog.All.ToList(), JsonSerializerOptions.Web);
                _revision = Convert.ToHexStringLower(SHA256.HashData(json))[..16];
                _hashedFrom = catalog;
            }

            return _revision;
        }
    }

    /// <summary>
    /// Why a page that first heard <paramref name="appVersion"/>/<paramref name="revision"/> must reload, or null; a
    /// page's first heartbeat carries neither and learns them from the answer.
    /// </summary>
    public string? ReloadReason(string? appVersion, string? revision) =>
        appVersion is null && revision is null ? null
        : !string.Equals(appVersion, AppVersion, StringComparison.Ordinal) ? ScreenReloads.Upgrade
        : !string.Equals(revision, Revision, StringComparison.Ordinal) ? ScreenReloads.DashboardsChanged
        : null;
}

/// <summary>The reasons a screen is told to reload, as the page and the audit log show them.</summary>
internal static class ScreenReloads
{
    public const string Upgrade = "upgrade";
    public const string DashboardsChanged = "dashboards-changed";
    public const string Admin = "admin";
}
