using System.Data.Common;
using System.Globalization;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.Sql;

/// <summary>A result column and the tag key or field name it is stored under.</summary>
internal sealed record SqlColumnRule(string Column, string Name);

/// <summary>What one run read: its points, and the NULL field values it left out, by column in the order of spec.fields.</summary>
internal sealed record SqlRows(IReadOnlyList<MetricPoint> Points, IReadOnlyList<KeyValuePair<string, int>> NullsByColumn, int RowsWithoutValues)
{
    public int Nulls => NullsByColumn.Sum(c => c.Value);
}

/// <summary>
/// Turns result rows into points, one per row. A NULL field is left out of its point and counted (a row with no
/// value left gives no point); anything else it cannot read fails the run naming the row (from 1) and the column:
/// a missing column, a NULL tag or time, a field that is not a number, two rows that would be the same point.
/// </summary>
internal sealed class SqlPointMapping
{
    private readonly string _measurement;
    private readonly string? _timeColumn;
    private readonly IReadOnlyList<SqlColumnRule> _tags;
    private readonly IReadOnlyList<SqlColumnRule> _fields;
    private readonly int _maxRows;

    public SqlPointMapping(string measurement, string? timeColumn, IReadOnlyList<SqlColumnRule> tags, IReadOnlyList<SqlColumnRule> fields, int maxRows)
    {
        _measurement = measurement;
        _timeColumn = timeColumn;
        _tags = tags;
        _fields = fields;
        _maxRows = maxRows;
    }

    /// <param name="slotTimestamp">The run's slot, for points without a time column.</param>
    /// <param name="where">Prefixes every error: the redacted source.</param>
    public async Task<SqlRows> ReadAsync(DbDataReader reader, long slotTimestamp, string where, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var tags = _tags.Select(t => (Rule: t, Ordinal: Ordinal(reader, t.Column, "tags", where))).ToList();
        var fields = _fields.Select(f => (Rule: f, Ordinal: Ordinal(reader, f.Column, "fields", where))).ToList();
        var time = _timeColumn is null ? -1 : Ordinal(reader, _timeColumn, "time", where);

        var points = new List<MetricPoint>();
        var nulls = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowsWithoutValues = 0;
        var seen = new Dictionary<(string Series, long Timestamp), int>();
        var row = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (++row > _maxRows)
            {
                throw new CollectorException($"{where}: the result has more than {_maxRows} rows (spec.maxRows); narrow the query or raise maxRows");
            }

            var at = $"{where}: row {row}";
            var pointTags = tags.Select(t => new Tag(t.Rule.Name, ReadTag(reader, t.Ordinal, t.Rule, at))).ToList();
            var pointFields = new List<Field>(fields.Count);
            foreach (var (rule, ordinal) in fields)
            {
                var value = Read(reader, ordinal, rule.Column, at);
                if (value is null)
                {
                    nulls[rule.Column] = nulls.GetValueOrDefault(rule.Column) + 1;
                    continue;
                }

                pointFields.Add(new Field(rule.Name, ToNumber(value, rule.Column, at)));
            }

            var timestamp = time < 0 ? slotTimestamp : ReadTime(reader, time, _timeColumn!, at);
            if (pointFields.Count == 0)
            {
                rowsWithoutValues++;
                continue;
            }

            var point = new MetricPoint(_measurement, pointTags, pointFields, timestamp);
            if (!seen.TryAdd((point.Series.Text, timestamp), row))
            {
                throw new CollectorException(
                    $"{where}: rows {seen[(point.Series.Text, timestamp)]} and {row} are the same point ({point.Series.Text} at {UnixTime.FromNanoseconds(timestamp):yyyy-MM-dd'T'HH:mm:ss'Z'}), so one would overwrite the other; " +
                    "add a tag column that tells them apart" + (_timeColumn is null ? ", or a time column" : ""));
            }

            points.Add(point);
        }

        var nullsInOrder = _fields.Where(f => nulls.ContainsKey(f.Column)).Select(f => KeyValuePair.Create(f.Column, nulls[f.Column])).ToList();
        return new SqlRows(points, nullsInOrder, rowsWithoutValues);
    }

    /// <summary>The column by its name, exactly or else ignoring case (PostgreSQL folds unquoted names to lower case).</summary>
    private static int Ordinal(DbDataReader reader, string column, string field, string where)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var exact = names.FindAll(n => string.Equals(n, column, StringComparison.Ordinal));
        var matches = exact.Count > 0 ? exact : names.FindAll(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
        return matches.Count switch
        {
            1 => names.IndexOf(matches[0]),
            0 => throw new CollectorException($"{where}: column '{column}' (spec.{field}) is not in the result; it has {string.Join(", ", names.Select(n => $"'{n}'"))}"),
            _ => throw new CollectorException($"{where}: column '{column}' (spec.{field}) appears {matches.Count} times in the result; give each an alias of its own"),
        };
    }

    private static object? Read(DbDataReader reader, int ordinal, string column, string at)
    {
        try
        {
            return reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
        }
        catch (Exception ex) when (ex is InvalidCastException or OverflowException or FormatException or ArgumentException or NotSupportedException)
        {
            throw new CollectorException($"{at}, column '{column}': cannot be read ({ex.Message}); CAST it in the query");
        }
    }

    private static string ReadTag(DbDataReader reader, int ordinal, SqlColumnRule rule, string at)
    {
        var value = Read(reader, ordinal, rule.Column, at)
            ?? throw new CollectorException($"{at}, column '{rule.Column}': NULL, and tag '{rule.Name}' needs a value; COALESCE it in the query");
        var text = value switch
        {
            // Padded names ("Xã Can Lộc ") are common in source systems and never meaningful.
            string s => s.Trim(),
            bool b => b ? "true" : "false",
            DateTime or DateTimeOffset or DateOnly or byte[] => throw new CollectorException($"{at}, column '{rule.Column}': {Describe(value)} cannot be tag '{rule.Name}'; use text or a whole number"),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.Length > 0 ? text : throw new CollectorException($"{at}, column '{rule.Column}': empty, and tag '{rule.Name}' needs a value");
    }

    private static double ToNumber(object value, string column, string at)
    {
        double? number = value switch
        {
            double d => d,
            float f => f,
            decimal m => (double)m,
            long l => l,
            int i => i,
            short s => s,
            sbyte sb => sb,
            byte b => b,
            ulong ul => ul,
            uint ui => ui,
            ushort us => us,
            // MySQL's TINYINT(1) arrives as a boolean; a yes/no column counts as 1 or 0.
            bool yes => yes ? 1 : 0,
            _ => null,
        };
        if (number is not { } n)
        {
            throw new CollectorException($"{at}, column '{column}': {Describe(value)} is not a number");
        }

        return double.IsFinite(n) ? n : throw new CollectorException($"{at}, column '{column}': {n.ToString(CultureInfo.InvariantCulture)} is not a finite number");
    }

    private static long ReadTime(DbDataReader reader, int ordinal, string column, string at)
    {
        var value = Read(reader, ordinal, column, at)
            ?? throw new CollectorException($"{at}, column '{column}' (spec.time): NULL; every row needs its time");
        var time = value switch
        {
            DateTimeOffset offset => offset,
            // A time without a zone is UTC: the session runs in UTC, so that is also how the server compared it.
            DateTime { Kind: DateTimeKind.Local } local => new DateTimeOffset(local),
            DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
            DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
            _ => throw new CollectorException($"{at}, column '{column}' (spec.time): {Describe(value)} is not a date or time"),
        };
        return UnixTime.ToNanoseconds(time);
    }

    private static string Describe(object value)
    {
        var text = value switch
        {
            string s => $"text '{s}'",
            byte[] => "binary data",
            IFormattable f => $"{value.GetType().Name} {f.ToString(null, CultureInfo.InvariantCulture)}",
            _ => $"a {value.GetType().Name}",
        };
        return text.Length > 80 ? text[..80] + "…" : text;
    }
}
