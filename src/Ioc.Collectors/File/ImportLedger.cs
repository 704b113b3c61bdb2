using System.Globalization;

namespace Ioc.Collectors.File;

/// <summary>
/// The watched folder's <c>.imported</c> file: one line per imported content, <c>sha256 TAB time TAB name</c>.
/// Content, not name, is the key, so a report sent again under another name is recognised and not stored twice.
/// </summary>
internal sealed class ImportLedger
{
    public const string FileName = ".imported";

    private readonly string _path;

    public ImportLedger(string folder) => _path = Path.Combine(folder, FileName);

    public HashSet<string> Load()
    {
        if (!System.IO.File.Exists(_path))
        {
            return new(StringComparer.Ordinal);
        }

        return new(System.IO.File.ReadLines(_path).Select(l => l.Split('\t')[0]).Where(h => h.Length > 0), StringComparer.Ordinal);
    }

    /// <summary>Appended and flushed before the file is moved: a crash in between leaves a known hash, not a re-import.</summary>
    public void Add(string sha256, string name, DateTimeOffset at)
    {
        using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(stream);
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{sha256}\t{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\t{name}\n"));
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }
}
