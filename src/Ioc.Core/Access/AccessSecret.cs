using System.Security.Cryptography;
using System.Text;

namespace Ioc.Core.Access;

public enum SecretKind
{
    DisplayToken,
    ApiKey,
}

/// <summary>
/// The text form of display tokens and API keys: <c>ioc_d_&lt;id&gt;_&lt;secret&gt;</c> and <c>ioc_k_…</c>.
/// The id finds the record; only a SHA-256 of the secret is kept, which is enough for 256 random bits (a slow
/// password hash protects guessable passwords, not random ones). The prefix lets secret scanners spot leaks.
/// </summary>
public sealed record AccessSecret(SecretKind Kind, string Id, string Secret)
{
    private const string DisplayPrefix = "ioc_d_";
    private const string KeyPrefix = "ioc_k_";
    private const int IdLength = 12;

    public static AccessSecret New(SecretKind kind) =>
        new(kind, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2)), Base64Url(RandomNumberGenerator.GetBytes(32)));

    public string Text => (Kind == SecretKind.DisplayToken ? DisplayPrefix : KeyPrefix) + Id + "_" + Secret;

    public string Hash => HashOf(Secret);

    /// <summary>Parses without saying why a text is not a secret: a caller only learns "not valid".</summary>
    public static bool TryParse(string? text, SecretKind kind, out AccessSecret secret)
    {
        secret = null!;
        var prefix = kind == SecretKind.DisplayToken ? DisplayPrefix : KeyPrefix;
        if (text is null || text.Length != prefix.Length + IdLength + 1 + 43 || !text.StartsWith(prefix, StringComparison.Ordinal) || text[prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var id = text.Substring(prefix.Length, IdLength);
        if (!id.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        secret = new AccessSecret(kind, id, text[(prefix.Length + IdLength + 1)..]);
        return true;
    }

    /// <summary>Constant-time comparison with a stored hash.</summary>
    public bool Matches(string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash), Encoding.ASCII.GetBytes(storedHash ?? ""));

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public override string ToString() => $"{Kind} {Id}"; // never the secret, even by accident in a log

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
