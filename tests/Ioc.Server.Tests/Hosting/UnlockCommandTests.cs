using System.Diagnostics;
using System.Net;

namespace Ioc.Server.Tests.Hosting;

/// <summary>
/// <c>dotnet Ioc.Server.dll --unlock NAME</c>, run as its own process on a running server's data folder, as an
/// operator would when no admin can sign in.
/// </summary>
public sealed class UnlockCommandTests : IAsyncLifetime
{
    private const string Guesser = "203.0.113.7";

    private IocServer _server = null!;

    public async Task InitializeAsync() => _server = await IocServer.StartAsync(new Dictionary<string, string?>
    {
        ["Ioc:Proxy:KnownProxies:0"] = "127.0.0.1",
        ["Ioc:Access:LockoutThreshold"] = "2",
        ["Ioc:Access:LockoutFirstDelay"] = "00:05:00",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Unlock_ForgetsTheAccountsWrongPasswords_FromEveryAddress_AndIsAuditedAsTheConsole()
    {
        using var guesser = Session.Anonymous(_server.BaseUrl);
        guesser.Http.DefaultRequestHeaders.Add("X-Forwarded-For", Guesser);
        await guesser.PostSignInAsync("admin", "guess-1");
        await guesser.PostSignInAsync("admin", "guess-2");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.PostSignInAsync("admin", Session.AdminPassword)).StatusCode);

        var (exit, output, error) = await RunAsync("--unlock", "admin");

        Assert.True(exit == 0, $"exit {exit}: {output}{error}");
        Assert.Contains("unlocked 'admin'", output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, (await guesser.PostSignInAsync("admin", Session.AdminPassword)).StatusCode);
        var audit = await _server.Http.GetStringAsync("/api/v1/admin/audit?actor=console");
        Assert.Contains("\"actor\":\"console\",\"action\":\"user.unlocked\",\"target\":\"admin\",\"detail\":\"sign-in failures forgotten for 1 address(es)\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlock_FailsNamingTheUser_AndChangesNothing_WhenNoSuchUserExists()
    {
        var (exit, _, error) = await RunAsync("--unlock", "nobody");

        Assert.Equal(1, exit);
        Assert.Contains("no user 'nobody'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("user.unlocked", await _server.Http.GetStringAsync("/api/v1/admin/audit?actor=console"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlock_WithoutAName_ExplainsHowToCallIt()
    {
        var (exit, _, error) = await RunAsync("--unlock");

        Assert.Equal(2, exit);
        Assert.Contains("--unlock NAME", error, StringComparison.Ordinal);
    }

    /// <summary>The built server binary, on the same configuration database as the running test server.</summary>
    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] command)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _server.DataDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(IocProcess.ServerDll());
        foreach (var part in command)
        {
            info.ArgumentList.Add(part);
        }

        info.ArgumentList.Add("--environment=Testing");
        info.ArgumentList.Add($"--Ioc:Configuration:Sqlite:Path={Path.Combine(_server.DataDir, "ioc-config.db")}");
        info.ArgumentList.Add($"--Ioc:Storage:Sqlite:Path={Path.Combine(_server.DataDir, "ioc.db")}");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
