using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>
/// An API key sent as InfluxDB 1.x clients send it, in the query parameter p or as a Basic password, on every kind
/// of answer (written, refused, invalid, not found), with every log at its most talkative and traces listened to:
/// the key never appears in the log, a trace, an answer or /metrics, while the log does show the request with p redacted.
/// </summary>
public sealed class QueryCredentialRedactionTests : IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("ioc-redaction-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_logs, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AKeyInTheQueryOrABasicPassword_NeverReachesTheLog_ATrace_AnAnswer_OrMetrics()
    {
        var traced = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => traced.Enqueue(activity.DisplayName + " " + string.Join(' ', activity.TagObjects.Select(t => $"{t.Key}={t.Value}"))),
        };
        ActivitySource.AddActivityListener(listener);

        var secrets = new List<string>();
        var answers = new StringBuilder();
        await using (var server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
            ["Ioc:Logging:JsonFile"] = Path.Combine(_logs, "ioc-.json"),
        }))
        {
            var key = server.WriteKey;
            var wrong = "ioc_k_" + Guid.NewGuid().ToString("N");
            secrets.AddRange([key, key[^43..], wrong, Basic("telegraf", key), Basic("telegraf", wrong)]);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            using var client = Session.Anonymous(server.BaseUrl);
            var requests = new List<HttpRequestMessage>
            {
                Post($"/write?db=ioc&u=telegraf&p={key}&precision=s", $"dvc_redaction,unit=HT value=1 {now}"),
                Post($"/write?db=ioc&u=telegraf&P={key}&precision=s", $"dvc_redaction,unit=HT value=2 {now}"),
                Post($"/write?db=ioc&%70={key}&precision=s", $"dvc_redaction,unit=HT value=3 {now}"),
                Post($"/write?db=ioc&p={key}&precision=s", "dvc_redaction,unit=HT value=NaN"),
                Post($"/write?db=ioc&p={wrong}", $"dvc_redaction,unit=HT value=1 {now}"),
                Post($"/api/v1/write?p={key}&precision=xx", "x value=1"),
                new(HttpMethod.Get, $"/query?db=ioc&u=telegraf&p={key}&q=SELECT+*+FROM+dvc_redaction"),
                new(HttpMethod.Get, $"/nowhere?p={key}"),
                new(HttpMethod.Get, $"/admin?p={key}"),
                Post("/write?db=ioc&precision=s", $"dvc_redaction,unit=HT value=4 {now}", Basic("telegraf", key)),
                Post("/write?db=ioc&precision=s", $"dvc_redaction,unit=HT value=5 {now}", Basic("telegraf", wrong)),
            };
            var statuses = new List<int>();
            foreach (var request in requests)
            {
                using (request)
                using (var response = await client.Http.SendAsync(request))
                {
                    statuses.Add((int)response.StatusCode);
                    answers.AppendLine(string.Join(' ', response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(',', h.Value)}")));
                    answers.AppendLine(await response.Content.ReadAsStringAsync());
                }
            }

            answers.AppendLine(await server.Http.GetStringAsync("/metrics"));
            Assert.Equal([204, 204, 204, 400, 401, 400, 400], statuses.Take(7));
            Assert.Equal([204, 401], statuses.Skip(9));
            var stored = await Features.Ingest.CommunePoints.RangeAsync(server, "dvc_redaction", "value", (now - 60) * 1000, (now + 60) * 1000);
            Assert.Equal([4d], Assert.Single(stored).Points.Select(p => p[1]));
        }

        var log = string.Concat(Directory.GetFiles(_logs).Select(File.ReadAllText));
        // The server's own "request starting" line, written before any middleware, holds the query string: redacted.
        Assert.Contains("?db=ioc&u=telegraf&p=redacted&precision=s", log, StringComparison.Ordinal);
        var trace = string.Join('\n', traced);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, trace, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, answers.ToString(), StringComparison.Ordinal);
        }
    }

    private static string Basic(string user, string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{key}"));

    private static HttpRequestMessage Post(string path, string body, string? basic = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        if (basic is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        return request;
    }
}
