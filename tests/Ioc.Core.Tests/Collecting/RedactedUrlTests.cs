using Ioc.Core.Collecting;

namespace Ioc.Core.Tests.Collecting;

public class RedactedUrlTests
{
    [Theory]
    [InlineData("https://user:pw@host.example/path?token=abc", "https://host.example/path?[redacted]")]
    [InlineData("http://127.0.0.1:5080/sim/portal/records?at=2026-01-01T00:00:00Z#top", "http://127.0.0.1:5080/sim/portal/records?[redacted]")]
    [InlineData("https://host.example:8443/a/b", "https://host.example:8443/a/b")]
    [InlineData("https://host.example/?", "https://host.example/")]
    [InlineData("http://[::1]:9000/x?k=v", "http://[::1]:9000/x?[redacted]")]
    public void Of_DropsUserInfoQueryAndFragment_KeepsSchemeHostPortAndPath(string url, string shown)
    {
        Assert.Equal(shown, RedactedUrl.Of(new Uri(url)));
    }

    [Fact]
    public void InText_RedactsEveryUrlInAMessage_AndLeavesTheRestAlone()
    {
        var message = "GET https://ops:pw-1@portal.example/api?key=k-1 was redirected to http://sso.example/login?next=%2Fapi%3Fkey%3Dk-1, then http://x.example/?a=b.";

        var shown = RedactedUrl.InText(message);

        Assert.Equal("GET https://portal.example/api?[redacted] was redirected to http://sso.example/login?[redacted], then http://x.example/?[redacted].", shown);
        Assert.Equal(shown, RedactedUrl.InText(shown));
    }

    [Fact]
    public void InText_CutsUrlsItCouldNotParse_AndLeavesOtherTextAsWritten()
    {
        Assert.Equal("see ftp://files.example/x?[redacted] now", RedactedUrl.InText("see ftp://me:secret@files.example/x?p=secret now"));
        Assert.Equal("http://bad host", RedactedUrl.InText("http://bad host"));
        Assert.Equal("Connection refused (127.0.0.1:1)", RedactedUrl.InText("Connection refused (127.0.0.1:1)"));
    }
}
