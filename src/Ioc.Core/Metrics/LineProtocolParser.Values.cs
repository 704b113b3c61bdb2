using System.Globalization;

namespace Ioc.Core.Metrics;

// Field values and timestamps: exact fast paths for the common spellings, the general parsers for the rest.
public static partial class LineProtocolParser
{
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
}
