using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace Ioc.Server.Features.Dashboards;

/// <summary>
/// Every module a dashboard page imports, read once from the shipped scripts, for <c>&lt;link rel="modulepreload"&gt;</c>:
/// the browser then fetches and compiles the whole graph at once instead of level by level, each level only after
/// the one above has been parsed.
/// </summary>
internal sealed partial class PageModules(IWebHostEnvironment environment)
{
    private readonly Lazy<IReadOnlyList<string>> _dashboard = new(() => Graph(environment.WebRootFileProvider, "js/first-read.js", "js/dashboard.js"));

    /// <summary>Paths under the web root (<c>js/…</c>), the first reads' modules first.</summary>
    public IReadOnlyList<string> Dashboard => _dashboard.Value;

    /// <summary>
    /// The entries and every module they import, directly or not: the first entry's graph (breadth first), then
    /// what the next adds. A missing file is left out.
    /// </summary>
    internal static IReadOnlyList<string> Graph(IFileProvider files, params string[] entries)
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            Walk(files, entry, found, seen);
        }

        return found;
    }

    private static void Walk(IFileProvider files, string entry, List<string> found, HashSet<string> seen)
    {
        var queue = new Queue<string>([entry]);
        while (queue.TryDequeue(out var path))
        {
            var file = files.GetFileInfo(path);
            if (!seen.Add(path) || !file.Exists)
            {
                continue;
            }

            found.Add(path);
            using var reader = new StreamReader(file.CreateReadStream());
            foreach (Match import in StaticImport().Matches(reader.ReadToEnd()))
            {
                queue.Enqueue(Resolve(path, import.Groups["path"].Value));
            }
        }
    }

    private static string Resolve(string from, string relative)
    {
        var parts = from.Split('/')[..^1].ToList();
        foreach (var part in relative.Split('/'))
        {
            if (part == "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    // `import … from './x.js'` and `export … from './x.js'` at the start of a line (so not the JSDoc `import('…')` types).
    [GeneratedRegex(@"^\s*(?:import|export)\b[^;'""]*?\bfrom\s*['""](?<path>\.{1,2}/[^'""]+)['""]", RegexOptions.Multiline)]
    private static partial Regex StaticImport();
}
