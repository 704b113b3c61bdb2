using System.Diagnostics;
using Ioc.Testing;

namespace Ioc.Storage.Tests.Testing;

/// <summary>The test servers are started so that they die with the test host, even when it is killed.</summary>
public sealed class HostBoundProcessTests
{
    [Fact]
    public async Task StartInfo_PutsTheProcessUnderAParentDeathSignal()
    {
        Assert.True(HostBoundProcess.IsAvailable, "setpriv is missing: install util-linux");

        // setpriv -d prints the settings it runs with; behind the prefix, that includes the death signal.
        var start = HostBoundProcess.StartInfo("/usr/bin/setpriv", ["-d"]);
        start.RedirectStandardOutput = true;
        using var process = await HostBoundProcess.StartAsync(start);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Contains("Parent death signal: KILL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_KeepsTheProcessAlive_WhenTheThreadThatAskedEnds()
    {
        // The death signal follows the thread that forked; a short-lived caller's thread must not take the server along.
        Process? process = null;
        var caller = new Thread(() => process = HostBoundProcess.StartAsync(HostBoundProcess.StartInfo("sleep", ["30"])).GetAwaiter().GetResult());
        caller.Start();
        caller.Join();
        try
        {
            await Task.Delay(500);

            Assert.False(process!.HasExited);
        }
        finally
        {
            process?.Kill();
            process?.Dispose();
        }
    }
}
