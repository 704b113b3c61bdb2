using Ioc.Storage.Spool;

namespace Ioc.Storage.Tests.Spool;

/// <summary>
/// What a crash would lose cannot be shown without crashing the machine; these show that the folder flush the
/// journal and the checkpoint now rely on works on a real folder, and fails loudly (not silently) on a bad one.
/// </summary>
public sealed class DirectorySyncTests
{
    [Fact]
    public async Task Flush_Succeeds_OnAFolderWithANewFileAndARename()
    {
        await using var folder = new SpoolFolder();
        Directory.CreateDirectory(folder.Path);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "new.tmp"), "x");
        File.Move(Path.Combine(folder.Path, "new.tmp"), Path.Combine(folder.Path, "new"));

        DirectorySync.Flush(folder.Path);

        Assert.True(File.Exists(Path.Combine(folder.Path, "new")));
    }

    [Fact]
    public void Flush_Throws_NamingTheFolder_WhenItDoesNotExist()
    {
        Assert.False(OperatingSystem.IsWindows(), "directory fsync is a no-op on Windows; these tests run on Linux");
        var missing = Path.Combine(Path.GetTempPath(), "ioc-spool-tests", Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
