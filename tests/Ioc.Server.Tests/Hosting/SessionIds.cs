using Ioc.Server.Access;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Tests.Hosting;

/// <summary>Opens a session cookie with the server's own key ring, as its cookie handler does, to read the session id.</summary>
internal static class SessionIds
{
    public static string Of(IocServer server, Session session)
    {
        var options = server.Get<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IocClaims.SessionScheme);
        var cookie = session.Cookies.GetAllCookies().Single(c => c.Name == AccessSetup.SessionCookie).Value;
        return options.TicketDataFormat.Unprotect(cookie)!.Principal.FindFirst(IocClaims.SessionId)!.Value;
    }
}
