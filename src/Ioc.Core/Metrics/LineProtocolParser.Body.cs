namespace Ioc.Core.Metrics;

// What one body's lines share while it is parsed.
public static partial class LineProtocolParser
{
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
