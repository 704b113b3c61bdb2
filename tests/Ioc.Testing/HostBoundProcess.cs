using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ioc.Testing;

/// <summary>
/// Starts server processes that die with the test host, even when it is killed and no fixture gets to dispose:
/// each is run behind <c>setpriv --pdeathsig KILL</c> (where util-linux has it), so the kernel kills it when its
/// parent goes. Otherwise a killed test run leaves influxd or postgres running and holding ports and folders.
/// </summary>
/// <remarks>
/// The kernel's "parent" for the death signal is the <b>thread</b> that started the process, not the whole
/// process: started from a thread-pool thread, the server would be killed whenever the pool retires that thread.
/// So every start happens on one thread of ours that lives exactly as long as the test host.
/// </remarks>
internal static class HostBoundProcess
{
    private const string SetPriv = "/usr/bin/setpriv";

    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> Requests = [];
    private static readonly Lazy<Thread> Launcher = new(StartLauncher);

    /// <summary>Whether processes can be bound here (Linux with setpriv); elsewhere they start unbound.</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && File.Exists(SetPriv);

    /// <summary>
    /// The words that put a command under the death signal: <c>setpriv --pdeathsig KILL --</c>, or none where that
    /// is not available. A command run through an intermediate process (runuser) needs them before each of the two.
    /// </summary>
    public static IReadOnlyList<string> Prefix { get; } = IsAvailable ? [SetPriv, "--pdeathsig", "KILL", "--"] : [];

    /// <summary>A start of <paramref name="file"/> with <paramref name="arguments"/>, behind <see cref="Prefix"/>.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments)
    {
        var command = Prefix.Append(file).Concat(arguments).ToList();
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Kills a process as a crash would (with its children), waits for it to be gone, and disposes it; null is nothing to do.</summary>
    public static async Task KillAsync(Process? process)
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>Starts the process from the launcher thread (see the remarks).</summary>
    public static Task<Process> StartAsync(ProcessStartInfo start)
    {
        _ = Launcher.Value;
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, started));
        return started.Task;
    }

    private static Thread StartLauncher()
    {
        // A background thread: it never keeps the host alive, and it ends only with it.
        var thread = new Thread(() =>
        {
            foreach (var (start, started) in Requests.GetConsumingEnumerable())
            {
                try
                {
                    started.SetResult(Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}"));
                }
                catch (Exception ex)
                {
                    started.SetException(ex);
                }
            }
        })
        {
            IsBackground = true,
            Name = "Ioc.Testing server launcher",
        };
        thread.Start();
        return thread;
    }
}
