namespace Ioc.Server.Access;

internal enum PasswordChangeCode
{
    Unavailable,
    Throttled,
    WrongCurrent,
    TooShort,
    Unchanged,
    ChangedMeanwhile,
}

/// <summary>
/// Why a password was not changed: a code that the page words in the reader's language, and an English sentence for
/// the API and logs. <paramref name="Number"/> is the seconds to wait or the minimum length.
/// </summary>
internal sealed record PasswordChangeProblem(PasswordChangeCode Code, int Number = 0)
{
    public string English => Code switch
    {
        PasswordChangeCode.Throttled => $"too many wrong passwords from this address; try again in {Number} s",
        PasswordChangeCode.WrongCurrent => "the current password is not right",
        PasswordChangeCode.TooShort => $"a password needs at least {Number} characters",
        PasswordChangeCode.Unchanged => "the new password must differ from the current one",
        PasswordChangeCode.ChangedMeanwhile => "the account changed meanwhile; sign in again",
        _ => "the password cannot be changed now",
    };
}
