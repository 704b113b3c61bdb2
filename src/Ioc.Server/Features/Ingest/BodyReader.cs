using System.IO.Compression;
using System.Text;

namespace Ioc.Server.Features.Ingest;

/// <summary>Reads a request body as UTF-8 within a byte limit, inflating gzip and counting the inflated size.</summary>
internal static class BodyReader
{
    public sealed record BodyError(int Status, string Title, string Detail);

    public readonly record struct Body(string? Text, BodyError? Error);

    public static async Task<Body> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Our own limit applies to the inflated body; the server's must not cut in first.
            size.MaxRequestBodySize = limit;
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        Stream source = request.Body;
        GZipStream? gzip = null;
        if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            source = gzip = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
        }
        else if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return new Body(null, new BodyError(415, "Unsupported content encoding", $"Content-Encoding '{encoding}' is not supported; send identity or gzip"));
        }

        await using (gzip)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            try
            {
                int read;
                while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        return TooLarge(limit);
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            catch (InvalidDataException ex)
            {
                return new Body(null, new BodyError(400, "Invalid gzip body", $"the body is not valid gzip: {ex.Message}"));
            }

            try
            {
                var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                return new Body(text, null);
            }
            catch (DecoderFallbackException ex)
            {
                return new Body(null, new BodyError(400, "Invalid UTF-8", $"the body is not valid UTF-8 near byte {ex.Index}"));
            }
        }
    }

    private static Body TooLarge(long limit) =>
        new(null, new BodyError(413, "Body too large", $"the body exceeds the limit of {limit} bytes (Ioc:Ingest:MaxBodyBytes); split the batch"));
}
