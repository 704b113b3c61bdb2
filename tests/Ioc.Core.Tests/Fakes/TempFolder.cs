namespace Ioc.Core.Tests.Fakes;

/// <summary>A folder of its own for one test, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string name)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ioc-core-tests-{Guid.NewGuid():N}", name);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder; its own name is <c>name</c>, so messages read like <c>name/file.yaml</c>.</summary>
    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    public string Write(string fileName, string text)
    {
        var file = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test for it is not.
        }
    }
}
