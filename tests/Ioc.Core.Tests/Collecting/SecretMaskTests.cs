using System.Text;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Ioc.Core.Tests.Fakes;

namespace Ioc.Core.Tests.Collecting;

public class SecretMaskTests
{
    private const string Token = "kho-bac/Tỉnh+2026 ?&=";

    private static SecretMask With(params string[] values)
    {
        var mask = new SecretMask();
        mask.Add(values);
        return mask;
    }

    [Fact]
    public void Mask_ReplacesEveryOccurrence_OfTheValue()
    {
        var masked = With(Token).Mask($"401: token {Token} refused; retry with {Token}");

        Assert.Equal("401: token ••• refused; retry with •••", masked);
    }

    [Theory]
    [InlineData("uri")]
    [InlineData("form")]
    [InlineData("base64")]
    [InlineData("base64-unpadded")]
    [InlineData("json")]
    public void Mask_ReplacesTheEncodedForms_ThatHeadersQueriesAndAnswersCarry(string form)
    {
        var encoded = form switch
        {
            "uri" => Uri.EscapeDataString(Token),
            "form" => System.Net.WebUtility.UrlEncode(Token),
            "base64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)),
            "base64-unpadded" => Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)).TrimEnd('='),
            _ => System.Text.Json.JsonEncodedText.Encode(Token).ToString(),
        };
        Assert.NotEqual(Token, encoded);

        var masked = With(Token).Mask($"GET /stats?key={encoded} answered 403");

        Assert.Equal("GET /stats?key=••• answered 403", masked);
    }

    [Theory]
    [InlineData("answered 401: {\"error\":\"bad token tok-7Q…", "answered 401: {\"error\":\"bad token •••…")]
    [InlineData("'$.value' is \"Bearer tok-7Qz9-abc…", "'$.value' is \"Bearer •••…")]
    [InlineData("cut after two: to… and whole: tok-7Qz9-abcdef", "cut after two: to… and whole: •••")]
    [InlineData("nothing cut… here", "nothing cut… here")]
    public void Mask_ReplacesTheFirstPartOfAValue_WhereAQuoteWasCutShort(string text, string expected)
    {
        Assert.Equal(expected, With("tok-7Qz9-abcdef").Mask(text));
    }

    [Fact]
    public void Mask_LeavesTextWithoutSecretsAlone_AndAcceptsNull()
    {
        var mask = With("secret-value");

        Assert.Equal("GET http://portal/stats answered 503", mask.Mask("GET http://portal/stats answered 503"));
        Assert.Null(mask.Mask(null));
        Assert.Equal("", mask.Mask(""));
        Assert.Equal("plain", new SecretMask().Mask("plain"));
    }

    [Fact]
    public void Mask_KeepsMaskingAValue_AfterOthersAreAdded()
    {
        var mask = With("old-password-1");

        mask.Add(["new-password-2", ""]);

        Assert.Equal("••• then •••", mask.Mask("old-password-1 then new-password-2"));
    }

    [Fact]
    public void Mask_ReplacesTheLongerValueWhole_WhenOneValueContainsAnother()
    {
        var masked = With("abc", "abc-def-ghi").Mask("x abc-def-ghi y abc");

        Assert.Equal("x ••• y •••", masked);
    }

    [Fact]
    public async Task Runner_MasksASecretTheSourceEchoed_InTheResultTheLogAndTheBoard()
    {
        var mask = With("Bearer tok-7Qz9");
        var logger = new ListLogger<CollectorRunner>();
        var sink = new RecordingSink();
        var status = new CollectorStatusBoard([sink], mask);
        var definition = new CollectorDefinition { Id = "portal", Name = "portal", Kind = "test", Schedule = "*/5 * * * *", Spec = [], Source = "collectors/portal.yaml" };
        var catalog = CollectorCatalog.Build([definition], [new ThrowingKind(new CollectorException("field 'value': '$.value' is \"Bearer tok-7Qz9\", not a number"))]);
        var pipeline = new MetricPipeline(new RecordingMetricStore(), new RecordingPublisher(), new MetricValidator(new FixedClock(), TimeSpan.FromDays(1)), new ListLogger<MetricPipeline>());
        var runner = new CollectorRunner(catalog, pipeline, status, logger, mask);

        var result = await runner.RunAsync("portal", FixedClock.DefaultNow);

        Assert.Equal("field 'value': '$.value' is \"•••\", not a number", result.Error);
        Assert.Equal(result.Error, status.Get("portal").LastRun?.Error);
        Assert.Equal(result.Error, Assert.Single(sink.Results).Error);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("tok-7Qz9", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Message.Contains("\"•••\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Board_MasksErrorsRecordedFromElsewhere()
    {
        var status = new CollectorStatusBoard(null, With("db-pass-42"));

        status.Record(new CollectorRunResult("sql", FixedClock.DefaultNow, CollectorRunOutcome.Failed, 0, TimeSpan.Zero, "login failed: password 'db-pass-42'"));

        Assert.Equal("login failed: password '•••'", status.Get("sql").LastRun?.Error);
    }

    private sealed class RecordingSink : ICollectorRunSink
    {
        public List<CollectorRunResult> Results { get; } = [];

        public void Add(CollectorRunResult result, bool replay) => Results.Add(result);
    }

    private sealed class ThrowingKind(Exception error) : ICollectorKind
    {
        public string Name => "test";

        public ICollector Create(CollectorDefinition definition) => new Throwing(error);

        private sealed class Throwing(Exception error) : ICollector
        {
            public Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken) => Task.FromException<IReadOnlyList<MetricPoint>>(error);
        }
    }
}
