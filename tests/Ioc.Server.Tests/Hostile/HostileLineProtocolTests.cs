using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Ioc.Server.Tests.Hostile;

/// <summary>
/// Malformed and malicious writes: each gets a precise 4xx naming what is wrong and where, nothing of its batch is
/// stored (a valid line before the bad one included), and the server is idle again within seconds.
/// </summary>
public sealed class HostileLineProtocolTests(HostileServer server) : IClassFixture<HostileServer>
{
    /// <summary>A measurement of this test alone, so one case's outcome never blurs another's.</summary>
    private readonly string _ok = "h_ok_" + Guid.NewGuid().ToString("N")[..8];

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

    public static TheoryData<string, string> BadLines => new()
    {
        { "no fields", "h_bad" },
        { "dangling comma", "h_bad," },
        { "tag without value", "h_bad,t f=1" },
        { "tag without key", "h_bad,=v f=1" },
        { "empty tag value", "h_bad,t= f=1" },
        { "empty field value", "h_bad f=" },
        { "timestamp not a number", "h_bad f=1 notatime" },
        { "two timestamps", "h_bad f=1 1 2" },
        { "string field", "h_bad f=\"text\"" },
        { "float overflow", "h_bad f=1e400" },
        { "integer overflow", "h_bad f=99999999999999999999i" },
        { "integer underflow", "h_bad f=-9223372036854775809i" },
        { "negative unsigned", "h_bad f=-1u" },
        { "duplicate tag", "h_bad,t=a,t=b f=1" },
        { "duplicate field", "h_bad f=1,f=2" },
        { "reserved field time", "h_bad time=1" },
        { "reserved field prefix", "h_bad _f=1" },
        { "reserved tag prefix", "h_bad,_t=v f=1" },
        { "reserved tag time", "h_bad,time=v f=1" },
        { "timestamp overflow", "h_bad f=1 99999999999999999999" },
        { "timestamp before 1990", "h_bad f=1 1" },
        { "timestamp a day ahead", $"h_bad f=1 {Now + 86_400_000_000_000}" },
        { "fractional timestamp", "h_bad f=1 1.5" },
        { "exponent timestamp", "h_bad f=1 1e18" },
        { "NaN", "h_bad f=NaN" },
        { "infinity", "h_bad f=inf" },
        { "misspelt boolean", "h_bad f=tru" },
        { "empty measurement", ",t=v f=1" },
        { "measurement of 10,000 characters", new string('m', 10_000) + " f=1" },
        { "tag value of 5,000 characters", "h_bad,t=" + new string('v', 5_000) + " f=1" },
        { "33 tags", "h_bad," + string.Join(',', Enumerable.Range(0, 33).Select(i => $"t{i}=v")) + " f=1" },
        { "65 fields", "h_bad " + string.Join(',', Enumerable.Range(0, 65).Select(i => $"f{i}=1")) },
        { "control character in measurement", "h\u0001bad f=1" },
        { "control character in tag value", "h_bad,t=a\u0007b f=1" },
        { "escape swallowing the fields", "h_bad,t=v\\ f=1" },
        { "non-breaking space", "h_bad\u00a0f=1" },
        { "text after the timestamp", $"h_bad f=1 {Now} extra" },
        { "unclosed quote", "h_bad f=\"open" },
        { "field key empty", "h_bad =1" },
        { "field without equals", "h_bad f" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task ABadLine_Refuses400NamingItsLine_AndStoresNothingOfTheBatch(string what, string line)
    {
        var response = await WriteAsync($"{_ok},case=lp v=1 {Now}\n{line}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Contains("line 2", body, StringComparison.Ordinal);
        Assert.Contains("nothing of this batch was stored", body, StringComparison.Ordinal);
        Assert.Equal(0, await server.SeriesCountAsync(_ok));
        await server.AssertIdleAsync(what);
    }

    [Fact]
    public async Task TenThousandBadLines_AreCountedAndRefused_Quickly()
    {
        var lines = string.Join('\n', Enumerable.Range(0, 10_000).Select(i => $"{_ok},case=many{i} v=\"x\""));

        var response = await WriteAsync(lines);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"errorCount\":10000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await server.SeriesCountAsync(_ok));
        await server.AssertIdleAsync("10,000 bad lines");
    }

    [Theory]
    [InlineData("h")]
    [InlineData("nsx")]
    [InlineData("../ns")]
    public async Task AnUnknownPrecision_Is400NamingIt(string precision)
    {
        using var body = new StringContent($"{_ok},case=precision v=1 {Now}");
        var response = await server.Http.PostAsync($"/api/v1/write?precision={Uri.EscapeDataString(precision)}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("precision", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await server.SeriesCountAsync(_ok));
    }

    [Fact]
    public async Task AnUnknownContentEncoding_Is415()
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes($"{_ok},case=br v=1 {Now}"));
        body.Headers.ContentEncoding.Add("br");

        var response = await server.Http.PostAsync("/api/v1/write", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, await server.SeriesCountAsync(_ok));
    }

    [Fact]
    public async Task AGzipHeaderOnPlainText_Is400()
    {
        using var body = new ByteArrayContent(Encoding.UTF8.GetBytes($"{_ok},case=fake-gzip v=1 {Now}"));
        body.Headers.ContentEncoding.Add("gzip");

        var response = await server.Http.PostAsync("/api/v1/write", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("gzip", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await server.SeriesCountAsync(_ok));
    }

    [Fact]
    public async Task ABodyOverTheLimit_Is413()
    {
        var response = await WriteAsync($"{_ok},case=big v=1 {Now}\n" + new string('#', HostileServer.MaxBodyBytes));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Ioc:Ingest:MaxBodyBytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await server.SeriesCountAsync(_ok));
        await server.AssertIdleAsync("a body over the limit");
    }

    [Fact]
    public async Task AGzipBomb_Is413_OnItsInflatedSize()
    {
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var chunk = Encoding.ASCII.GetBytes(new string('#', 1 << 20));
            for (var i = 0; i < 200; i++)
            {
                gzip.Write(chunk);
            }
        }

        using var body = new ByteArrayContent(packed.ToArray());
        body.Headers.ContentEncoding.Add("gzip");
        var response = await server.Http.PostAsync("/api/v1/write", body);

        Assert.True(packed.Length < 1_000_000, $"the bomb is {packed.Length} bytes packed");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await server.AssertIdleAsync("a gzip bomb");
    }

    [Theory]
    [InlineData(new byte[] { 0x68, 0x20, 0x66, 0x3d, 0x31, 0xff })]
    [InlineData(new byte[] { 0x68, 0xed, 0xa0, 0x80, 0x20, 0x66, 0x3d, 0x31 })]
    [InlineData(new byte[] { 0x68, 0xc0, 0xaf, 0x20, 0x66, 0x3d, 0x31 })]
    public async Task InvalidUtf8_Is400NamingTheByte(byte[] bytes)
    {
        using var body = new ByteArrayContent(bytes);

        var response = await server.Http.PostAsync("/api/v1/write", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreSeriesThanAMeasurementMayHold_Is400NamingTheLimit()
    {
        var lines = string.Join('\n', Enumerable.Range(0, HostileServer.MaxSeriesPerMeasurement + 1).Select(i => $"h_wide,unit=u{i} v=1 {Now}"));

        var response = await WriteAsync(lines);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Ioc:Ingest:MaxSeriesPerMeasurement", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await server.SeriesCountAsync("h_wide"));
    }

    private async Task<HttpResponseMessage> WriteAsync(string lines)
    {
        using var body = new StringContent(lines, new UTF8Encoding(false), new MediaTypeHeaderValue("text/plain"));
        return await server.Http.PostAsync("/api/v1/write?precision=ns", body);
    }
}
