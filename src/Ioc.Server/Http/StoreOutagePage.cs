using System.Globalization;
using System.Net;
using Ioc.Server.Access;

namespace Ioc.Server.Http;

/// <summary>
/// The answer while the configuration store is down: a page in Vietnamese and English for browsers (both, since the
/// reader's language choice cannot be looked up now), problem JSON for machines; 503 with Retry-After either way.
/// </summary>
internal static class StoreOutagePage
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    public static bool WantsPage(HttpRequest request) =>
        !SessionValidation.IsMachinePath(request.Path) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public static async Task WriteAsync(HttpContext http)
    {
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        if (!WantsPage(http.Request))
        {
            await UnavailableProblem.Create(
                http,
                "Configuration store unavailable",
                "The database that holds Ioc's users, settings and definitions is not answering, so this request could not be served.",
                "Nothing was changed; send the same request again.",
                RetryAfter).ExecuteAsync(http);
            return;
        }

        var retry = UnavailableProblem.RetrySeconds(RetryAfter);
        var id = WebUtility.HtmlEncode(UnavailableProblem.CorrelationId(http));
        http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>IOC tạm thời không phục vụ được · IOC is temporarily unavailable</title>
            <style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1b2733}h1{font-size:1.5rem}section+section{margin-top:2rem;border-top:1px solid #ccd;padding-top:1rem}code{background:#eef;padding:0 .25rem}</style>
            </head>
            <body>
            <section lang="vi">
            <h1>Cơ sở dữ liệu cấu hình không phản hồi</h1>
            <p>IOC đang chạy, nhưng cơ sở dữ liệu lưu người dùng, cấu hình và định nghĩa không trả lời, nên trang này chưa mở được. Không có gì bị thay đổi.</p>
            <p>Trang tự tải lại sau {{retry}} giây; màn hình tường đã mở vẫn tiếp tục hiển thị. Nếu tình trạng kéo dài, hãy báo quản trị viên mã tham chiếu <code>{{id}}</code>.</p>
            </section>
            <section lang="en">
            <h1>The configuration database is not answering</h1>
            <p>IOC is running, but the database that holds users, settings and definitions is not answering, so this page cannot be opened yet. Nothing was changed.</p>
            <p>Try again in {{retry}} seconds; wall screens already open keep showing. If this persists, give the administrator the reference <code>{{id}}</code>.</p>
            </section>
            </body>
            </html>
            """);
    }
}
