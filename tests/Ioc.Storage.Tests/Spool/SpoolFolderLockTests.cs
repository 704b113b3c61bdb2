using System.Diagnostics;
using Ioc.Storage.Spool;
using static Ioc.Storage.Tests.Spool.SpoolPoints;

namespace Ioc.Storage.Tests.Spool;

public sealed class SpoolFolderLockTests
{
    [Fact]
    public async Task Open_Throws_WhenAnotherSpoolHoldsTheFolder()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var first = folder.Open(store);
        await first.WriteAsync(Make(20));
        var segment = Assert.Single(folder.Segments());
        var length = new FileInfo(segment).Length;

        var error = Assert.Throws<InvalidOperationException>(() => folder.Open(store));

        Assert.Contains(folder.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("in use by another Ioc process", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ioc:Storage:Spool:Path", error.Message, StringComparison.Ordinal);

        // The refused spool touched nothing, and the first one goes on as before.
        Assert.Equal(length, new FileInfo(segment).Length);
        await first.WriteAsync(Make(5, first: 20));
        Assert.Equal(25, first.Status.DepthPoints);
    }

    [Fact]
    public async Task Open_Succeeds_OnceTheSpoolHoldingTheFolderIsDisposed()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var first = folder.OpenAbandoned(store);
        await first.WriteAsync(Make(20));

        await first.DisposeAsync();
        var second = folder.Open(store);

        Assert.Equal(20, second.Status.DepthPoints);
        Assert.True(File.Exists(Path.Combine(folder.Path, SpoolFolderLock.FileName)));
    }

    [Fact]
    public async Task Open_Throws_WhenAnotherProcessHoldsTheFolder()
    {
        // util-linux's flock takes the same kind of lock (flock(2)) that .NET takes for FileShare.None on Linux.
        const string flock = "/usr/bin/flock";
        Assert.True(OperatingSystem.IsLinux() && File.Exists(flock), $"{flock} is missing: install util-linux");

        await using var folder = new SpoolFolder();
        Directory.CreateDirectory(folder.Path);
        var start = new ProcessStartInfo(flock) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["--exclusive", Path.Combine(folder.Path, SpoolFolderLock.FileName), "--command", "echo locked; exec sleep 60"])
        {
            start.ArgumentList.Add(argument);
        }

        using var other = Process.Start(start)!;
        try
        {
            Assert.Equal("locked", await other.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));

            var error = Assert.Throws<InvalidOperationException>(() => folder.Open(new SwitchableStore()));

            Assert.Contains(folder.Path, error.Message, StringComparison.Ordinal);
            Assert.Contains("another Ioc process", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            other.Kill(entireProcessTree: true);
            await other.WaitForExitAsync();
        }

        // Gone with the process that held it (its child may take a moment to exit after flock itself).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                Assert.Equal(0, folder.Open(new SwitchableStore()).Status.DepthPoints);
                break;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
