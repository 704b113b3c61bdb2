using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Ioc.Server.Tests.Live;

namespace Ioc.Server.Tests.Features.Dashboards;

/// <summary>What a wall screen downloads before its first paint: compressed where it is safe, and its reads started early.</summary>
public sealed class FirstPaintTransferTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private IocServer Server => fixture.Server;

    [Fact]
    public async Task DashboardData_GoesOutBrotliCompressed_AndReadsTheSameAsUncompressed()
    {
        var plain = await Server.Http.GetStringAsync("/api/v1/dashboards/operations-wall/data");

        using var response = await GetAsync("/api/v1/dashboards/operations-wall/data", "br");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        await using var brotli = new BrotliStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var compressed = await JsonDocument.ParseAsync(brotli);
        using var uncompressed = JsonDocument.Parse(plain);
        Assert.Equal(
            uncompressed.RootElement.GetProperty("panels").EnumerateObject().Select(p => p.Name),
            compressed.RootElement.GetProperty("panels").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("/lib/apexcharts/apexcharts.min.js")]
    [InlineData("/js/dashboard.js")]
    [InlineData("/css/wall.css")]
    public async Task ScriptsAndStyles_GoOutGzipped_AndSmaller(string path)
    {
        using var identity = await GetAsync(path, "identity");
        var size = (await identity.Content.ReadAsByteArrayAsync()).Length;

        using var response = await GetAsync(path, "gzip");

        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length < size, $"{path}: compressed is not smaller than {size} bytes");
    }

    [Theory]
    [InlineData("/api/v1/admin/audit")]
    [InlineData("/d/operations-wall")]
    public async Task PagesAndAnswersThatMayCarryASecret_AreNotCompressed(string path)
    {
        using var response = await GetAsync(path, "br, gzip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task DashboardPage_StartsItsFirstReads_BeforeTheChartLibrary()
    {
        var html = await Server.Http.GetStringAsync("/d/operations-wall");

        var firstRead = html.IndexOf("<script type=\"module\" async src=\"/js/first-read.js\"></script>", StringComparison.Ordinal);
        Assert.True(firstRead >= 0, "the page does not load js/first-read.js as an async module");
        Assert.True(firstRead < html.IndexOf("/lib/apexcharts/apexcharts.min.js\"></script>", StringComparison.Ordinal), "the first reads wait for the chart library");
    }

    [Fact]
    public async Task DashboardPage_PreloadsEveryModuleItImports_TheFirstReadsFirst()
    {
        var html = await Server.Http.GetStringAsync("/d/operations-wall");
        var preloaded = System.Text.RegularExpressions.Regex.Matches(html, "<link rel=\"modulepreload\" href=\"([^\"]+)\">").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["/js/first-read.js", "/js/query-api.js"], preloaded.Take(2));
        Assert.Contains("/js/dashboard.js", preloaded);
        Assert.True(html.IndexOf("modulepreload", StringComparison.Ordinal) < html.IndexOf("</head>", StringComparison.Ordinal), "modules are preloaded after the head");
        foreach (var module in preloaded)
        {
            // Every module a preloaded one imports is preloaded too, so no level of the graph waits for the one above.
            var text = await Server.Http.GetStringAsync(module);
            foreach (System.Text.RegularExpressions.Match import in System.Text.RegularExpressions.Regex.Matches(text, @"^import\b[^;]*?from '\./([^']+)'", System.Text.RegularExpressions.RegexOptions.Multiline))
            {
                Assert.True(preloaded.Contains("/js/" + import.Groups[1].Value), $"{module} imports {import.Groups[1].Value}, which is not preloaded");
            }
        }
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd(encoding);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        return await Server.Http.SendAsync(request);
    }
}
