namespace Ioc.Collectors;

/// <summary>
/// Reads through to a response body and throws <see cref="ResponseTooLargeException"/> once more than the cap has
/// come through, so an answer is refused while it streams, whether or not it announced its length, and counted
/// after decompression.
/// </summary>
internal sealed class SizeCappedStream : Stream
{
    private readonly Stream _inner;
    private readonly long _cap;
    private long _read;

    public SizeCappedStream(Stream inner, long cap)
    {
        _inner = inner;
        _cap = cap;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer[..Allowed(buffer.Length)]));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // One byte past the cap is asked for, so an answer of exactly the cap passes and a longer one is caught.
    private int Allowed(int wanted) => (int)Math.Min(wanted, _cap - _read + 1);

    private int Count(int read)
    {
        _read += read;
        return _read > _cap ? throw new ResponseTooLargeException() : read;
    }
}

/// <summary>The answer grew past the cap; <see cref="HttpSource"/> turns it into the run's error.</summary>
internal sealed class ResponseTooLargeException : IOException
{
    public ResponseTooLargeException()
        : base("response larger than the cap")
    {
    }

    public ResponseTooLargeException(string message)
        : base(message)
    {
    }

    public ResponseTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
