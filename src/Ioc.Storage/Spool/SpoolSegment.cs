using System.Globalization;

namespace Ioc.Storage.Spool;

/// <summary>
/// One segment file (<c>00000001.spool</c>, numbered in append order) and how much of it is waiting.
/// <see cref="End"/> is where its last intact record ends; nothing is ever written before it again.
/// </summary>
internal sealed class SpoolSegment(long number, string path, long end, long pendingPoints)
{
    public const string Extension = ".spool";

    public long Number { get; } = number;

    public string Path { get; } = path;

    public long End { get; set; } = end;

    /// <summary>Points of this segment from the replay position on (all of them for a segment not yet reached).</summary>
    public long PendingPoints { get; set; } = pendingPoints;

    public static string FileName(long number) => number.ToString("D8", CultureInfo.InvariantCulture) + Extension;

    public static bool TryParseNumber(string fileName, out long number)
    {
        number = 0;
        return fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, fileName.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && number > 0;
    }
}
