using System.Diagnostics;
using System.Globalization;

namespace Ioc.Testing;

/// <summary>
/// The installed PostgreSQL programs, and running them: the server refuses to run as root, so a root test
/// process runs them as the postgres account through runuser; any other account runs them directly.
/// </summary>
internal static class PostgreSqlPrograms
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The folder with initdb and pg_ctl: pg_config's answer, else the newest Debian install.</summary>
    public static string? Find()
    {
        try
        {
            var answer = RunQuickly("pg_config", "--bindir");
            if (answer is not null && File.Exists(Path.Combine(answer, "initdb")))
            {
                return answer;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // pg_config is not installed; look where Debian puts the server.
        }

        const string debian = "/usr/lib/postgresql";
        if (!Directory.Exists(debian))
        {
            return null;
        }

        return Directory.EnumerateDirectories(debian)
            .Select(d => (Folder: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Folder, "initdb")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Folder)
            .FirstOrDefault();
    }

    private static string? RunQuickly(string file, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(file, argument) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        errors.Wait(); // drained only so a chatty stderr cannot block the program
        return process.ExitCode == 0 && output.Length > 0 ? output : null;
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a PostgreSQL program, as the postgres account when this process is root.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments) =>
        RunAsync(file, arguments, asPostgres: IsRoot);

    /// <summary>
    /// The start of a program that keeps running (the server), bound to the test host's life: as root,
    /// <c>setpriv … runuser -u postgres -- setpriv … postgres …</c>. runuser stays as the server's parent, so it needs
    /// the death signal too; the server needs its own, since runuser, killed, would not take it along.
    /// </summary>
    public static ProcessStartInfo ServerStartInfo(string file, IReadOnlyList<string> arguments) =>
        IsRoot
            ? HostBoundProcess.StartInfo("runuser", ["-u", "postgres", "--", .. HostBoundProcess.Prefix, file, .. arguments])
            : HostBoundProcess.StartInfo(file, arguments);

    public static Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres) =>
        asPostgres
            ? ProgramRun.RunAsync("runuser", ["-u", "postgres", "--", file, .. arguments], CommandTimeout)
            : ProgramRun.RunAsync(file, arguments, CommandTimeout);
}
