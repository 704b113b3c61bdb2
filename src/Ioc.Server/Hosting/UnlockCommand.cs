using Ioc.Server.Access;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Hosting;

/// <summary>
/// <c>Ioc.Server --unlock NAME [settings…]</c>: forgets every wrong password given for the account, from every
/// address, in the configuration store the server would use with the same settings, and audits it as done by
/// "console". For when no admin can sign in; it starts neither the web server nor the collectors.
/// </summary>
public static class UnlockCommand
{
    public const string Actor = "console";

    public static bool IsRequested(string[] args) => args is ["--unlock", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not [_, var name, ..] || name.StartsWith('-'))
        {
            await Console.Error.WriteLineAsync("--unlock needs the account's name: Ioc.Server --unlock NAME [--Ioc:…=… settings]");
            return 2;
        }

        // Built as the server is, so settings, environment and Ioc:Mode choose the same store; never started.
        await using var app = IocApplication.Build(args[2..]);
        try
        {
            // Brings an older store's schema up to date, as a starting server would, and creates no account.
            await app.Services.GetRequiredService<Ioc.Core.Access.IAccessStore>().InitializeAsync();
            var addresses = await app.Services.GetRequiredService<UserAdministration>().UnlockAsync(Actor, name);
            await Console.Out.WriteLineAsync($"unlocked '{AccountService.Normalize(name)}': wrong passwords from {addresses} address(es) forgotten; every address may sign in now");
            return 0;
        }
        catch (KeyNotFoundException)
        {
            await Console.Error.WriteLineAsync($"--unlock: no user '{name}' in the configuration store; nothing changed");
            return 1;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("--unlock: invalid settings: " + string.Join("; ", ex.Failures));
            return 1;
        }
    }
}
