namespace Ioc.Core.Metrics;

/// <summary>
/// One string per distinct name or tag value within a body: a batch repeats a few series thousands of
/// times, and shared strings make every later comparison and hash cheaper.
/// </summary>
internal sealed class TokenPool
{
    private const int MaxEntries = 4096;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public TokenPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> token)
    {
        if (_lookup.TryGetValue(token, out var known))
        {
            return known;
        }

        var text = token.ToString();
        if (_strings.Count < MaxEntries)
        {
            _strings[text] = text;
        }

        return text;
    }
}
