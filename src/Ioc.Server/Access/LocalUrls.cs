namespace Ioc.Server.Access;

/// <summary>Where sign-in may send a person afterwards: paths on this site only, or a link could send them elsewhere.</summary>
internal static class LocalUrls
{
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
