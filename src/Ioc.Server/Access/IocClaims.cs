using System.Security.Claims;
using Ioc.Core.Access;

namespace Ioc.Server.Access;

/// <summary>Scheme, claim and policy names, and what a principal may see.</summary>
internal static class IocClaims
{
    /// <summary>People: a session cookie after sign-in.</summary>
    public const string SessionScheme = "ioc.session";

    /// <summary>Wall screens: a cookie for one display token, set by the kiosk page.</summary>
    public const string DisplayScheme = "ioc.display";

    /// <summary>Machines that push points: <c>Authorization: Token …</c> or <c>Bearer …</c>.</summary>
    public const string ApiKeyScheme = "ioc.apikey";

    public const string OidcScheme = "oidc";

    /// <summary>
    /// Pages, data and the hub that people and wall screens share: the session when the request carries one,
    /// else the display cookie. One identity per request, never the two merged.
    /// </summary>
    public const string ViewerScheme = "ioc.viewer";

    public const string SecurityStamp = "ioc:stamp";
    public const string SessionId = "ioc:session";
    public const string SessionIssued = "ioc:issued";
    public const string MustChangePassword = "ioc:must-change";
    public const string DisplayTokenId = "ioc:display-token";
    public const string Dashboard = "ioc:dashboard";
    public const string Playlist = "ioc:playlist";
    public const string ApiKeyId = "ioc:api-key";
    public const string MeasurementPrefix = "ioc:prefix";
    public const string KeyScope = "ioc:key-scope";

    public static class Policies
    {
        /// <summary>Admins signed in with a session.</summary>
        public const string Admin = "admin";

        /// <summary>Admins and leaders: the query API and series subscriptions.</summary>
        public const string Reader = "reader";

        /// <summary>Signed in, even with a one-time password still to change: the password page only.</summary>
        public const string SignedIn = "signed-in";

        /// <summary>Any signed-in person.</summary>
        public const string Person = "person";

        /// <summary>A person or a display token: dashboards, checked per dashboard.</summary>
        public const string Viewer = "viewer";

        /// <summary>An API key with the write scope.</summary>
        public const string Writer = "writer";

        /// <summary><c>/metrics</c>: an admin's session, or an API key with the metrics scope.</summary>
        public const string MetricsReader = "metrics-reader";
    }

    public static string ScopeName(ApiKeyScope scope) => scope == ApiKeyScope.Metrics ? "metrics" : "write";

    public static string? Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role);

    public static bool IsPerson(this ClaimsPrincipal user) => Roles.IsKnown(user.Role());

    /// <summary>
    /// Admins and leaders see every dashboard, operators the wall dashboards, a display token its one dashboard (or
    /// the dashboards its playlist names, see <see cref="PlaylistClaims"/>).
    /// </summary>
    public static bool CanView(this ClaimsPrincipal user, Ioc.Core.Dashboards.DashboardDefinition dashboard) =>
        user.Role() switch
        {
            Roles.Admin or Roles.Leader => true,
            Roles.Operator => dashboard.Audience == Ioc.Core.Dashboards.DashboardDefinition.WallAudience,
            _ => user.HasClaim(c => c.Type == Dashboard && string.Equals(c.Value, dashboard.Id, StringComparison.Ordinal)),
        };

    /// <summary>A person may open a playlist when they may view every dashboard in it; a display token its own playlist.</summary>
    public static bool CanView(this ClaimsPrincipal user, Ioc.Core.Dashboards.PlaylistDefinition playlist, Func<string, Ioc.Core.Dashboards.DashboardDefinition?> dashboards)
    {
        ArgumentNullException.ThrowIfNull(playlist);
        ArgumentNullException.ThrowIfNull(dashboards);
        if (!user.IsPerson() && !string.Equals(user.FindFirstValue(Playlist), playlist.Id, StringComparison.Ordinal))
        {
            return false;
        }

        return playlist.DashboardIds().All(id => dashboards(id) is { } d && user.CanView(d));
    }

    public static string ActorName(this ClaimsPrincipal user) =>
        user.Identity?.Name ?? (user.FindFirstValue(DisplayTokenId) is { } t ? "display:" + t : user.FindFirstValue(ApiKeyId) is { } k ? "key:" + k : "anonymous");
}
