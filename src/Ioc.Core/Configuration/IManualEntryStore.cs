namespace Ioc.Core.Configuration;

/// <summary>The document a figure was published in: a ministry's decision, a province's plan or report.</summary>
/// <param name="Number">As the document is numbered, e.g. <c>586/KH-UBND</c> or <c>QĐ 1234/QĐ-BTTTT</c>.</param>
/// <param name="Url">Where it can be read, when it is online.</param>
public sealed record ManualEntryDocument(string Number, DateOnly Date, string? Issuer, string? Title, string? Url);

/// <summary>One figure an administrator entered for one period of a manual collector.</summary>
/// <param name="Period">The period's label: <c>2024</c>, <c>2025-Q3</c>, <c>2025-09</c>, <c>2025-09-30</c>.</param>
/// <param name="PeriodStart">The time its point carries.</param>
/// <param name="Field">The figure's field, e.g. <c>score</c> or <c>rank</c>.</param>
public sealed record ManualEntry(
    string CollectorId,
    string Period,
    DateTimeOffset PeriodStart,
    string Field,
    double Value,
    ManualEntryDocument Document,
    string EnteredBy,
    DateTimeOffset EnteredAt);

/// <summary>
/// Figures entered by administrators, with their source documents. Contract for every adapter:
/// <list type="bullet">
/// <item>The schema comes from <see cref="IDefinitionStore.InitializeAsync"/>.</item>
/// <item>An entry is keyed by collector, period and field: entering the same figure again replaces it (the audit log
/// keeps what it was).</item>
/// <item>Entries saved together are saved all or none.</item>
/// </list>
/// </summary>
public interface IManualEntryStore
{
    Task SaveEntriesAsync(IReadOnlyList<ManualEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>A collector's entries, newest period first, then by field (ordinal).</summary>
    Task<IReadOnlyList<ManualEntry>> ListEntriesAsync(string collectorId, CancellationToken cancellationToken = default);

    /// <summary>Drops a deleted collector's entries; returns how many there were.</summary>
    Task<int> ForgetEntriesAsync(string collectorId, CancellationToken cancellationToken = default);
}
