using System.Globalization;

namespace Ioc.Core.Collecting;

/// <summary>
/// Reads a definition file within a size limit: definitions are a few kilobytes, and a file of megabytes is a
/// mistake (or worse) to report by name, not to parse.
/// </summary>
public static class DefinitionFile
{
    public const int MaxBytes = 1024 * 1024;

    /// <exception cref="DefinitionException">The file is larger than <see cref="MaxBytes"/>.</exception>
    public static string ReadAllText(string path, string source)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            throw new DefinitionException(string.Create(CultureInfo.InvariantCulture, $"{source}: the file is {length:N0} bytes; a definition file may be at most {MaxBytes:N0} bytes"));
        }

        return File.ReadAllText(path);
    }
}
