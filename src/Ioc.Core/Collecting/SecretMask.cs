using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Ioc.Core.Collecting;

/// <summary>
/// The values of the secrets collectors use, so that text leaving a run (errors, logs, history) never carries one.
/// A value is also masked in the forms a source or a library may echo it in: URL-encoded (query strings),
/// Base64 (basic-auth headers) and JSON-escaped (an answer quoting a header). One instance per process.
/// </summary>
public sealed class SecretMask
{
    public const string Masked = "•••";

    /// <summary>The shortest first part of a value, cut off by '…', that is masked; shorter ones say next to nothing.</summary>
    public const int MinCutLength = 3;

    private const string Ellipsis = "…";

    private readonly Lock _gate = new();
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private string[] _forms = [];

    /// <summary>
    /// Adds values to mask. Values are never dropped: a run that started before a secret changed may still hold
    /// the old value when it fails.
    /// </summary>
    public void Add(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        lock (_gate)
        {
            var changed = false;
            foreach (var value in values)
            {
                changed |= !string.IsNullOrEmpty(value) && _values.Add(value);
            }

            if (changed)
            {
                // Longest first, so a value inside another's encoded form cannot leave part of it behind.
                _forms = [.. _values.SelectMany(Forms).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length)];
            }
        }
    }

    [return: NotNullIfNotNull(nameof(text))]
    public string? Mask(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var forms = _forms;
        foreach (var form in forms)
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, Masked, StringComparison.Ordinal);
            }
        }

        return forms.Length == 0 ? text : MaskCutValues(text, forms);
    }

    /// <summary>
    /// Messages quote a source's answer cut short with '…' (an error body, a refused value); the cut may fall inside
    /// a value, leaving its first part, which is masked too when it is at least <see cref="MinCutLength"/> long.
    /// </summary>
    private static string MaskCutValues(string text, string[] forms)
    {
        for (var cut = text.IndexOf(Ellipsis, StringComparison.Ordinal); cut >= 0; cut = text.IndexOf(Ellipsis, cut + 1, StringComparison.Ordinal))
        {
            foreach (var form in forms)
            {
                var length = Math.Min(form.Length - 1, cut);
                while (length >= MinCutLength && string.CompareOrdinal(text, cut - length, form, 0, length) != 0)
                {
                    length--;
                }

                if (length >= MinCutLength)
                {
                    text = string.Concat(text.AsSpan(0, cut - length), Masked, text.AsSpan(cut));
                    cut += Masked.Length - length;
                    break;
                }
            }
        }

        return text;
    }

    private static IEnumerable<string> Forms(string value)
    {
        yield return value;
        yield return Uri.EscapeDataString(value);
        yield return WebUtility.UrlEncode(value);
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=');
        yield return JsonEncodedText.Encode(value).ToString();
    }
}
