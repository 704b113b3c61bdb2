using System.Globalization;

namespace Ioc.Core.Collecting;

/// <summary>Durations as people write them in definition files: <c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>2h</c>, <c>7d</c>.</summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unitStart = text.Length;
        while (unitStart > 0 && char.IsAsciiLetter(text[unitStart - 1]))
        {
            unitStart--;
        }

        if (!double.TryParse(text.AsSpan(0, unitStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            return false;
        }

        TimeSpan? result;
        try
        {
            result = text[unitStart..] switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                "d" => TimeSpan.FromDays(n),
                _ => null,
            };
        }
        catch (OverflowException)
        {
            // A Try method answers false; "99999999999d" is a typo in a file, not a crash of the loader.
            return false;
        }

        duration = result ?? default;
        return result is not null;
    }
}
