using System.Globalization;

namespace Ioc.Server.Features.Collectors;

/// <summary>What is wrong with an entered figure; the admin page says it in Vietnamese, the API in English.</summary>
internal enum ManualEntryProblemCode
{
    PeriodRequired,
    PeriodFormat,
    PeriodNotBegun,
    ValuesRequired,
    UnknownFigure,
    NotANumber,
    BelowMin,
    AboveMax,
    DocumentNumberRequired,
    DocumentDateRequired,
    DocumentDateFormat,
    DocumentDateInFuture,
    TooLong,
    UrlInvalid,
}

/// <param name="Field">The field at fault as the API names it: <c>period</c>, <c>values.rank</c>, <c>document.date</c>.</param>
/// <param name="Arguments">What the message quotes, in its order.</param>
internal sealed record ManualEntryProblem(string Field, ManualEntryProblemCode Code, params string[] Arguments)
{
    public string English => string.Format(CultureInfo.InvariantCulture, Code switch
    {
        ManualEntryProblemCode.PeriodRequired => "required; write it as {0}",
        ManualEntryProblemCode.PeriodFormat => "'{0}' is not a period of this collector: write it as {1}, from 1990",
        ManualEntryProblemCode.PeriodNotBegun => "'{0}' has not begun",
        ManualEntryProblemCode.ValuesRequired => "at least one figure is required: {0}",
        ManualEntryProblemCode.UnknownFigure => "'{0}' is not a figure of this collector ({1})",
        ManualEntryProblemCode.NotANumber => "'{0}' is not a number",
        ManualEntryProblemCode.BelowMin => "{0} is below the smallest allowed, {1}",
        ManualEntryProblemCode.AboveMax => "{0} is above the largest allowed, {1}",
        ManualEntryProblemCode.DocumentNumberRequired => "required: the source document's number, e.g. 586/KH-UBND",
        ManualEntryProblemCode.DocumentDateRequired => "required: the date the document was issued, e.g. 2025-05-20",
        ManualEntryProblemCode.DocumentDateFormat => "'{0}' is not a date: write it as 2025-05-20",
        ManualEntryProblemCode.DocumentDateInFuture => "{0} is in the future",
        ManualEntryProblemCode.TooLong => "at most {0} characters",
        _ => "'{0}' is not an http or https address",
    }, Arguments);
}
