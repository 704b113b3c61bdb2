using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ioc.Server.Tests.Features.Ingest;

/// <summary>What reached the server, seen before any of its own middleware: to prove how a client library sent its writes.</summary>
internal sealed class RequestRecorder : IStartupFilter
{
    public sealed record Seen(string Method, string Path, string Encoding, string AuthorizationScheme, bool KeyInQuery, int Status);

    private readonly ConcurrentQueue<Seen> _seen = new();

    public IReadOnlyList<Seen> Writes(string path) => [.. _seen.Where(s => s.Path == path)];

    public void Clear() => _seen.Clear();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, proceed) =>
        {
            var request = context.Request;
            var authorization = request.Headers.Authorization.ToString();
            var scheme = authorization.Split(' ', 2)[0];
            var keyInQuery = request.Query.ContainsKey("p");
            var method = request.Method;
            var path = request.Path.Value ?? "";
            var encoding = request.Headers.ContentEncoding.ToString();
            await proceed(context);
            _seen.Enqueue(new Seen(method, path, encoding, scheme, keyInQuery, context.Response.StatusCode));
        });
        next(app);
    };
}
