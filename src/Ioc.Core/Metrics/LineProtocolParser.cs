using System.Buffers;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;

namespace Ioc.Core.Metrics;

/// <summary>
/// InfluxDB line protocol: <c>measurement[,tag=value…] field=value[,field=value…] [timestamp]</c>.
/// Escaping follows InfluxDB 1.x: measurement escapes comma and space; tag keys, tag values and field keys
/// escape comma, equals sign and space; string field values escape double quote and backslash. A backslash
/// before any other character is literal. Ioc stores numbers, so integer, unsigned, float and boolean
/// fields are accepted (booleans as 1 and 0) and string fields are refused with a reason.
/// </summary>
public static partial class LineProtocolParser
{
    public const int MaxReportedErrors = 20;

    public static LineProtocolBatch Parse(string body, Precision precision, long defaultTimestamp, MetricValidator validator)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Parse(body.AsSpan(), precision, defaultTimestamp, validator, out _);
    }

    /// <summary>
    /// Parses a UTF-8 body (already checked to be valid UTF-8). When every line is canonical (see
    /// <see cref="LineProtocolPoints"/>), the points come as <see cref="LineProtocolPoints"/> carrying the body, so a
    /// store speaking line protocol can send it on as it came.
    /// </summary>
    public static LineProtocolBatch Parse(ReadOnlyMemory<byte> utf8Body, Precision precision, long defaultTimestamp, MetricValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);

        // Decoded into a rented buffer: a batch of 5,000 lines as one string would be a megabyte for the GC to sweep.
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8Body.Length));
        try
        {
            var length = Encoding.UTF8.GetChars(utf8Body.Span, chars);
            var batch = Parse(chars.AsSpan(0, length), precision, defaultTimestamp, validator, out var canonical);
            return canonical && batch.IsValid && batch.Points.Count > 0 ? batch.WithLines(utf8Body, precision) : batch;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static LineProtocolBatch Parse(ReadOnlySpan<char> body, Precision precision, long defaultTimestamp, MetricValidator validator, out bool canonical)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var points = new List<MetricPoint>(Math.Max(4, body.Length / 64));
        var errors = new List<LineError>();
        var errorCount = 0;
        var lineNumber = 0;
        var context = new LineContext(precision, defaultTimestamp, validator);
        canonical = true;
        var start = 0;
        while (start <= body.Length)
        {
            var newline = body[start..].IndexOf('\n');
            var end = newline < 0 ? body.Length : start + newline;
            lineNumber++;
            var lineEnd = end > start && body[end - 1] == '\r' ? end - 1 : end;
            var line = body[start..lineEnd];
            start = end + 1;
            var trimmed = line.TrimStart(' ');
            canonical &= lineEnd == end && trimmed.Length == line.Length;
            if (trimmed.IsEmpty || trimmed[0] == '#')
            {
                // A body that ends with a newline leaves one empty line behind, which every reader skips.
                canonical &= newline < 0 && line.IsEmpty;
                continue;
            }

            string? reason;
            try
            {
                var point = ParseLine(trimmed, context, ref canonical, out reason);
                if (reason is null)
                {
                    points.Add(point);
                }
            }
            catch (FormatException ex)
            {
                reason = ex.Message;
            }

            if (reason is not null)
            {
                errorCount++;
                if (errors.Count < MaxReportedErrors)
                {
                    errors.Add(new LineError(lineNumber, reason));
                }
            }
        }

        return new LineProtocolBatch(points, errors, errorCount);
    }

    /// <summary>Parses one line; throws <see cref="FormatException"/> with a reason naming the part at fault.</summary>
    public static MetricPoint ParseLine(ReadOnlySpan<char> line, Precision precision, long defaultTimestamp)
    {
        var pos = 0;
        var (measurement, tags) = ReadSeries(line, ref pos, null);
        var canonical = true;
        var (fields, timestamp) = ReadValues(line, ref pos, measurement, new List<Field>(), precision, defaultTimestamp, null, ref canonical);
        return new MetricPoint(measurement, tags, fields, timestamp);
    }

    /// <summary>
    /// One line of a body. A body repeats a few series thousands of times, so the series part (measurement and
    /// tags, up to the first unescaped space) is parsed, sorted and validated once per distinct text and shared by
    /// every point of it; only fields and timestamp are read per line.
    /// </summary>
    private static MetricPoint ParseLine(ReadOnlySpan<char> line, LineContext context, ref bool canonical, out string? reason)
    {
        var seriesEnd = SeriesEnd(line);
        var entry = seriesEnd > 0 ? context.Series.Find(line[..seriesEnd]) : null;
        var pos = seriesEnd;
        if (entry is null)
        {
            pos = 0;
            var (measurement, tags) = ReadSeries(line, ref pos, context.Tokens);
            if (pos >= line.Length || line[pos] != ' ')
            {
                throw new FormatException($"missing fields after '{measurement}' (expected a space, then field=value)");
            }

            var inOrder = IsSorted(CollectionsMarshal.AsSpan(tags));
            var sorted = MetricPoint.Sorted(tags, static t => t.Key);
            entry = new SeriesEntry(SeriesKey.FromSorted(measurement, sorted), MetricValidator.CheckSeriesPart(measurement, sorted), inOrder);
            context.Series.Add(line[..pos], entry);
        }

        canonical &= entry.InOrder;
        var (fields, timestamp) = ReadValues(line, ref pos, entry.Key.Measurement, context.Fields, context.Precision, context.DefaultTimestamp, context.Tokens, ref canonical);
        var point = new MetricPoint(entry.Key, fields, timestamp);
        reason = entry.Reason ?? context.Validator.ValidateValues(point, context.Latest, context.GoodFieldNames);
        return point;
    }

    /// <summary>Where the series part ends: the first space no backslash escapes, as <see cref="ReadToken"/> reads escapes; -1 if none.</summary>
    private static int SeriesEnd(ReadOnlySpan<char> line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == ' ')
            {
                return i;
            }

            if (c == '\\' && i + 1 < line.Length && line[i + 1] is ',' or ' ' or '=')
            {
                i++;
            }
        }

        return -1;
    }

    private static (string Measurement, List<Tag> Tags) ReadSeries(ReadOnlySpan<char> line, ref int pos, TokenPool? pool)
    {
        var measurement = ReadToken(line, ref pos, TokenKind.Measurement, pool);
        if (measurement.Length == 0)
        {
            throw new FormatException("missing measurement");
        }

        var tags = new List<Tag>();
        while (pos < line.Length && line[pos] == ',')
        {
            pos++;
            var key = ReadToken(line, ref pos, TokenKind.Key, pool);
            if (pos >= line.Length || line[pos] != '=')
            {
                throw new FormatException(key.Length == 0 ? "empty tag key" : $"tag '{key}' has no value (expected '=')");
            }

            pos++;
            var value = ReadToken(line, ref pos, TokenKind.Key, pool);
            if (key.Length == 0)
            {
                throw new FormatException("empty tag key");
            }

            if (pos < line.Length && line[pos] == '=')
            {
                throw new FormatException($"tag '{key}' value has an unescaped '=' (write it as '\\=')");
            }

            tags.Add(new Tag(key, value));
        }

        return (measurement, tags);
    }

    /// <summary>Fields and timestamp, from the space after the series part; clears <paramref name="canonical"/> on anything a formatter would write otherwise.</summary>
    private static (ImmutableArray<Field> Fields, long Timestamp) ReadValues(
        ReadOnlySpan<char> line, ref int pos, string measurement, List<Field> fields, Precision precision, long defaultTimestamp, TokenPool? pool, ref bool canonical)
    {
        if (pos >= line.Length || line[pos] != ' ')
        {
            throw new FormatException($"missing fields after '{measurement}' (expected a space, then field=value)");
        }

        canonical &= SkipSpaces(line, ref pos) == 1;
        fields.Clear();
        while (true)
        {
            var key = ReadToken(line, ref pos, TokenKind.Key, pool);
            if (key.Length == 0)
            {
                throw new FormatException("empty field key");
            }

            if (pos >= line.Length || line[pos] != '=')
            {
                throw new FormatException($"field '{key}' has no value (expected '=')");
            }

            pos++;
            fields.Add(new Field(key, ReadFieldValue(line, ref pos, key, ref canonical)));
            if (pos < line.Length && line[pos] == ',')
            {
                pos++;
                continue;
            }

            break;
        }

        var timestamp = defaultTimestamp;
        var timed = false;
        if (pos < line.Length)
        {
            if (line[pos] != ' ')
            {
                throw new FormatException($"unexpected '{line[pos]}' after field '{fields[^1].Name}'");
            }

            canonical &= SkipSpaces(line, ref pos) == 1;
            if (pos < line.Length)
            {
                var raw = line[pos..];
                canonical &= !raw.ContainsAnyExcept(Digits);
                timestamp = ReadTimestamp(raw.TrimEnd(' '), precision);
                timed = true;
            }
        }

        canonical &= timed;
        var array = fields.ToArray();
        if (!IsSorted(array.AsSpan()))
        {
            canonical = false;
            Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        }

        return (ImmutableCollectionsMarshal.AsImmutableArray(array), timestamp);
    }

    private static bool IsSorted(ReadOnlySpan<Tag> tags)
    {
        for (var i = 1; i < tags.Length; i++)
        {
            if (string.CompareOrdinal(tags[i - 1].Key, tags[i].Key) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSorted(ReadOnlySpan<Field> fields)
    {
        for (var i = 1; i < fields.Length; i++)
        {
            if (string.CompareOrdinal(fields[i - 1].Name, fields[i].Name) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses the canonical series text <c>measurement,k=v,…</c> (no fields).</summary>
    public static (string Measurement, List<Tag> Tags) ParseSeries(string text)
    {
        var span = text.AsSpan();
        var pos = 0;
        var measurement = ReadToken(span, ref pos, TokenKind.Measurement);
        if (measurement.Length == 0)
        {
            throw new FormatException("missing measurement");
        }

        var tags = new List<Tag>();
        while (pos < span.Length && span[pos] == ',')
        {
            pos++;
            var key = ReadToken(span, ref pos, TokenKind.Key);
            if (key.Length == 0 || pos >= span.Length || span[pos] != '=')
            {
                throw new FormatException($"tag {tags.Count + 1} of series '{text}' is not key=value");
            }

            pos++;
            tags.Add(new Tag(key, ReadToken(span, ref pos, TokenKind.Key)));
        }

        if (pos != span.Length)
        {
            throw new FormatException($"unexpected '{span[pos]}' in series '{text}' at position {pos + 1}");
        }

        return (measurement, tags);
    }

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    private enum TokenKind
    {
        Measurement,
        Key,
    }

    private static string ReadToken(ReadOnlySpan<char> line, ref int pos, TokenKind kind, TokenPool? pool = null)
    {
        var start = pos;
        StringBuilder? sb = null;
        while (pos < line.Length)
        {
            var c = line[pos];
            if (c == '\\' && pos + 1 < line.Length && IsEscapable(line[pos + 1], kind))
            {
                sb ??= new StringBuilder().Append(line[start..pos]);
                sb.Append(line[pos + 1]);
                pos += 2;
                continue;
            }

            if (c == ',' || c == ' ' || (c == '=' && kind == TokenKind.Key))
            {
                break;
            }

            sb?.Append(c);
            pos++;
        }

        if (sb is not null)
        {
            return sb.ToString();
        }

        return pool is null ? line[start..pos].ToString() : pool.Get(line[start..pos]);
    }


    private static bool IsEscapable(char c, TokenKind kind) =>
        c == ',' || c == ' ' || (c == '=' && kind == TokenKind.Key);

    private static int SkipSpaces(ReadOnlySpan<char> line, ref int pos)
    {
        var from = pos;
        while (pos < line.Length && line[pos] == ' ')
        {
            pos++;
        }

        return pos - from;
    }
}
