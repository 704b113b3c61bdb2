namespace Ioc.Server.Hosting;

/// <summary>
/// Finds a definition folder: absolute paths as given; relative ones from the working directory and its
/// parents, then from the binary's folder and its parents, so <c>dotnet run --project src/Ioc.Server</c>
/// finds the repository's folders from anywhere inside it.
/// </summary>
internal static class FolderLocator
{
    public static string Resolve(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), contentRoot })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, path);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), path);
    }
}
