using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
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
public static class LineProtocolParser
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

    private static double ReadFieldValue(ReadOnlySpan<char> line, ref int pos, string key, ref bool canonical)
    {
        if (pos >= line.Length || line[pos] is ' ' or ',')
        {
            throw new FormatException($"field '{key}' has an empty value");
        }

        if (line[pos] == '"')
        {
            SkipString(line, ref pos, key);
            throw new FormatException($"field '{key}' is a string; Ioc stores numeric fields only (float, integer with 'i', unsigned with 'u', boolean)");
        }

        var start = pos;
        while (pos < line.Length && line[pos] != ',' && line[pos] != ' ')
        {
            pos++;
        }

        var raw = line[start..pos];
        switch (raw[^1])
        {
            case 'i' or 'u':
                // An integer field would be stored as one: only floats are sent as they came.
                canonical = false;
                break;
        }

        switch (raw[^1])
        {
            case 'i':
                if (long.TryParse(raw[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    return l;
                }

                throw new FormatException($"field '{key}' has an invalid integer '{raw}'");
            case 'u':
                if (ulong.TryParse(raw[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var u))
                {
                    return u;
                }

                throw new FormatException($"field '{key}' has an invalid unsigned integer '{raw}'");
        }

        switch (raw)
        {
            case "t" or "T" or "true" or "True" or "TRUE":
                canonical = false;
                return 1;
            case "f" or "F" or "false" or "False" or "FALSE":
                canonical = false;
                return 0;
        }

        var isDecimal = IsDecimal(raw);
        canonical &= isDecimal;
        if (isDecimal && TryReadShortDecimal(raw, out var quick))
        {
            return quick;
        }

        if (IsPlainFloat(raw) && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        throw new FormatException($"field '{key}' has an invalid value '{raw}'");
    }

    // double.TryParse also takes "NaN", "Infinity" and thousands separators; line protocol takes digits only.
    private static bool IsPlainFloat(ReadOnlySpan<char> raw)
    {
        foreach (var c in raw)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or '-' or '+' or 'e' or 'E'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>[-]digits[.digits]: a float every reader of line protocol reads to the same number.</summary>
    private static bool IsDecimal(ReadOnlySpan<char> raw)
    {
        if (raw.Length > 0 && raw[0] == '-')
        {
            raw = raw[1..];
        }

        var dot = raw.IndexOf('.');
        var whole = dot < 0 ? raw : raw[..dot];
        var fraction = dot < 0 ? "1" : raw[(dot + 1)..];
        return whole.Length > 0 && fraction.Length > 0 && !whole.ContainsAnyExcept(Digits) && !fraction.ContainsAnyExcept(Digits);
    }

    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// A decimal of at most 15 digits in all: its digits as an integer and the power of ten are both exact doubles,
    /// so one division gives the correctly rounded value, the same double.Parse gives, at a fraction of its cost.
    /// </summary>
    private static bool TryReadShortDecimal(ReadOnlySpan<char> raw, out double value)
    {
        value = 0;
        var negative = raw[0] == '-';
        var digits = negative ? raw[1..] : raw;
        if (digits.Length > 16)
        {
            return false;
        }

        long mantissa = 0;
        var scale = -1;
        var count = 0;
        foreach (var c in digits)
        {
            if (c == '.')
            {
                scale = 0;
                continue;
            }

            mantissa = mantissa * 10 + (c - '0');
            count++;
            if (scale >= 0)
            {
                scale++;
            }
        }

        if (count > 15)
        {
            return false;
        }

        value = scale > 0 ? mantissa / PowersOfTen[scale] : mantissa;
        if (negative)
        {
            value = -value;
        }

        return true;
    }

    private static void SkipString(ReadOnlySpan<char> line, ref int pos, string key)
    {
        pos++;
        while (pos < line.Length)
        {
            if (line[pos] == '\\' && pos + 1 < line.Length)
            {
                pos += 2;
                continue;
            }

            if (line[pos] == '"')
            {
                pos++;
                return;
            }

            pos++;
        }

        throw new FormatException($"field '{key}' has an unterminated string value");
    }

    private static long ReadTimestamp(ReadOnlySpan<char> raw, Precision precision)
    {
        // Up to 18 digits cannot overflow: read them directly, the general parser is for the rest.
        if (raw.Length is > 0 and <= 18 && !raw.ContainsAnyExcept(Digits))
        {
            long digits = 0;
            foreach (var c in raw)
            {
                digits = digits * 10 + (c - '0');
            }

            if (digits <= long.MaxValue / precision.NanosecondsPerUnit())
            {
                return digits * precision.NanosecondsPerUnit();
            }
        }

        if (!long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException($"invalid timestamp '{raw}' (expected an integer in {precision.ToParameter()})");
        }

        try
        {
            return checked(value * precision.NanosecondsPerUnit());
        }
        catch (OverflowException)
        {
            throw new FormatException($"timestamp '{raw}' is out of range for precision {precision.ToParameter()}");
        }
    }

    private sealed record SeriesEntry(SeriesKey Key, string? Reason, bool InOrder);

    /// <summary>What one body's lines share: settings, the token pool, the series met so far and a scratch list.</summary>
    private sealed class LineContext(Precision precision, long defaultTimestamp, MetricValidator validator)
    {
        public Precision Precision { get; } = precision;

        public long DefaultTimestamp { get; } = defaultTimestamp;

        public MetricValidator Validator { get; } = validator;

        /// <summary>The clock is read once per body, not once per line.</summary>
        public long Latest { get; } = validator.LatestTimestamp();

        public List<string> GoodFieldNames { get; } = [];

        public TokenPool Tokens { get; } = new();

        public SeriesPool Series { get; } = new();

        public List<Field> Fields { get; } = new(4);
    }

    /// <summary>The series of one body by their text as written, so a repeated series is looked up, not parsed.</summary>
    private sealed class SeriesPool
    {
        private const int MaxEntries = 4096;
        private readonly Dictionary<string, SeriesEntry> _entries = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SeriesEntry>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public SeriesPool() => _lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();

        public SeriesEntry? Find(ReadOnlySpan<char> text) => _lookup.TryGetValue(text, out var entry) ? entry : null;

        public void Add(ReadOnlySpan<char> text, SeriesEntry entry)
        {
            if (_entries.Count < MaxEntries)
            {
                _lookup[text] = entry;
            }
        }
    }
}
