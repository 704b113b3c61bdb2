using System.IO.Compression;
using System.Text.Unicode;
using System.Text;

namespace Ioc.Server.Features.Ingest;

/// <summary>
/// Reads a request body within a byte limit, inflating gzip and counting the inflated size, and checks that it is
/// UTF-8. The bytes are kept as they came: a canonical batch goes on to InfluxDB unchanged.
/// </summary>
internal static class BodyReader
{
    private const int UnknownLengthStart = 64 * 1024;

    public sealed record BodyError(int Status, string Title, string Detail);

    public readonly record struct Body(ReadOnlyMemory<byte> Utf8, BodyError? Error);

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
            // A plain body is read into one array of its declared size (one byte more shows where it ends), not
            // grown by doubling; an inflated one starts small and doubles up to the limit.
            var capacity = gzip is null && request.ContentLength is { } declared ? declared + 1 : Math.Min(UnknownLengthStart, limit + 1);
            var buffer = GC.AllocateUninitializedArray<byte>((int)capacity);
            var length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > limit)
                        {
                            return TooLarge(limit);
                        }

                        Array.Resize(ref buffer, (int)Math.Min(limit + 1, buffer.Length * 2L));
                    }

                    var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > limit)
                    {
                        return TooLarge(limit);
                    }
                }
            }
            catch (InvalidDataException ex)
            {
                return new Body(null, new BodyError(400, "Invalid gzip body", $"the body is not valid gzip: {ex.Message}"));
            }

            var utf8 = buffer.AsMemory(0, length);
            if (Utf8.IsValid(utf8.Span))
            {
                return new Body(utf8, null);
            }

            try
            {
                _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(utf8.Span);
                return new Body(null, new BodyError(400, "Invalid UTF-8", "the body is not valid UTF-8"));
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
