using System.Globalization;
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
        ArgumentNullException.ThrowIfNull(validator);
        var points = new List<MetricPoint>(Math.Max(4, body.Length / 64));
        var errors = new List<LineError>();
        var errorCount = 0;
        var lineNumber = 0;
        var pool = new TokenPool();
        var start = 0;
        while (start <= body.Length)
        {
            var end = body.IndexOf('\n', start);
            if (end < 0)
            {
                end = body.Length;
            }

            lineNumber++;
            var lineEnd = end > start && body[end - 1] == '\r' ? end - 1 : end;
            var line = body.AsSpan(start, lineEnd - start);
            start = end + 1;
            var trimmed = line.TrimStart(' ');
            if (trimmed.IsEmpty || trimmed[0] == '#')
            {
                continue;
            }

            string? reason;
            try
            {
                var point = ParseLine(trimmed, precision, defaultTimestamp, pool);
                reason = validator.Validate(point);
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
    public static MetricPoint ParseLine(ReadOnlySpan<char> line, Precision precision, long defaultTimestamp) =>
        ParseLine(line, precision, defaultTimestamp, null);

    private static MetricPoint ParseLine(ReadOnlySpan<char> line, Precision precision, long defaultTimestamp, TokenPool? pool)
    {
        var pos = 0;
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

        if (pos >= line.Length || line[pos] != ' ')
        {
            throw new FormatException($"missing fields after '{measurement}' (expected a space, then field=value)");
        }

        SkipSpaces(line, ref pos);
        var fields = new List<Field>();
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
            fields.Add(new Field(key, ReadFieldValue(line, ref pos, key)));
            if (pos < line.Length && line[pos] == ',')
            {
                pos++;
                continue;
            }

            break;
        }

        var timestamp = defaultTimestamp;
        if (pos < line.Length)
        {
            if (line[pos] != ' ')
            {
                throw new FormatException($"unexpected '{line[pos]}' after field '{fields[^1].Name}'");
            }

            SkipSpaces(line, ref pos);
            if (pos < line.Length)
            {
                timestamp = ReadTimestamp(line[pos..].TrimEnd(' '), precision);
            }
        }

        return new MetricPoint(measurement, tags, fields, timestamp);
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

    private static void SkipSpaces(ReadOnlySpan<char> line, ref int pos)
    {
        while (pos < line.Length && line[pos] == ' ')
        {
            pos++;
        }
    }

    private static double ReadFieldValue(ReadOnlySpan<char> line, ref int pos, string key)
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
                return 1;
            case "f" or "F" or "false" or "False" or "FALSE":
                return 0;
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
}
