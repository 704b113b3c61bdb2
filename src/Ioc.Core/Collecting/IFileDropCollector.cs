namespace Ioc.Core.Collecting;

/// <summary>
/// Optional capability of a collector that reads files dropped somewhere (a watched folder): an administrator may hand
/// it a file directly, as an agency would drop it. The file arrives whole or not at all, and the next run imports it
/// like any other (each content once).
/// </summary>
public interface IFileDropCollector : ICollector
{
    /// <summary>Whether the collector would read a file of this name (its pattern).</summary>
    bool Accepts(string fileName);

    /// <summary>Stores the file where the collector reads; returns the name it was stored under (another if taken).</summary>
    Task<string> DropAsync(string fileName, Stream content, CancellationToken cancellationToken);
}
