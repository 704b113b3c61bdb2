using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Core.Metrics;

namespace Ioc.Server.Features.Collectors;

/// <summary>Where a collector's definition lives: a file under <c>collectors/</c> (read-only in Ioc) or the configuration store.</summary>
public enum CollectorOrigin
{
    Provisioned,
    Admin,
}

/// <summary>How a definition document is written.</summary>
public enum DocumentFormat
{
    Yaml,
    Json,
}

/// <summary>One problem of a definition; <paramref name="Field"/> is its path (<c>schedule</c>, <c>spec.url</c>) or empty for the whole document.</summary>
public sealed record DefinitionProblem(string Field, string Message);

/// <summary>A collector as administrators see it.</summary>
/// <param name="Content">The document as stored: YAML, <c>${secret:NAME}</c> and <c>${NAME}</c> unexpanded.</param>
/// <param name="Source">The file (<c>collectors/portal.yaml</c>) or <c>admin</c>.</param>
/// <param name="LastRun">The newest run on any node, replays included.</param>
/// <param name="LastSuccess">The newest slot a run collected, on any node.</param>
/// <param name="NextRun">The next due time of its schedule; none when paused or not scheduled.</param>
/// <param name="LoadError">Why a stored definition cannot run on this node (a secret or variable it names is gone); none when it runs.</param>
public sealed record CollectorEntry(
    string Id,
    string Name,
    string Kind,
    string Schedule,
    CollectorOrigin Origin,
    string Source,
    string Content,
    long Version,
    DateTimeOffset UpdatedAt,
    bool Paused,
    SourceState State,
    CollectorRunRecord? LastRun,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? NextRun,
    string? LoadError = null);

public enum SaveStatus
{
    Saved,
    Invalid,
    NotFound,

    /// <summary>A provisioned collector: change its file instead.</summary>
    ReadOnly,

    /// <summary>The id is taken (by a file or another collector) or reserved.</summary>
    Conflict,
}

/// <param name="Entry">The collector as saved, when <see cref="Status"/> is <see cref="SaveStatus.Saved"/>.</param>
/// <param name="Message">Why it was not saved, in a sentence, for <see cref="SaveStatus.NotFound"/>, <see cref="SaveStatus.ReadOnly"/> and <see cref="SaveStatus.Conflict"/>.</param>
public sealed record SaveResult(SaveStatus Status, CollectorEntry? Entry, IReadOnlyList<DefinitionProblem> Problems, string? Message);

/// <summary>A test run of an unsaved definition: nothing is stored.</summary>
/// <param name="Points">The first points it would write (at most <see cref="CollectorAdministration.MaxTestPoints"/>).</param>
/// <param name="TotalPoints">How many it would write in all.</param>
/// <param name="Problems">The definition is invalid; nothing ran.</param>
/// <param name="Error">The run failed: the precise reason (HTTP status and body excerpt, JSON path, column, row and column), secrets masked.</param>
public sealed record TestResult(IReadOnlyList<MetricPoint> Points, int TotalPoints, double DurationMs, IReadOnlyList<DefinitionProblem> Problems, string? Error)
{
    public bool Succeeded => Problems.Count == 0 && Error is null;
}

public enum ActionStatus
{
    Done,
    NotFound,

    /// <summary>The collector's kind cannot do it (a <c>manual</c> collector has no schedule to run or back-fill).</summary>
    NotSupported,

    /// <summary>Nothing to do, or not now (a back-fill of it is already going).</summary>
    Conflict,

    Invalid,
}

/// <summary>A back-fill of a past window, slot by slot, oldest first.</summary>
public sealed record BackfillProgress(string CollectorId, DateTimeOffset From, DateTimeOffset To, int TotalSlots, int DoneSlots, int FailedSlots, bool Finished, string? LastError, string StartedBy, DateTimeOffset StartedAt);

/// <summary>A kind as the create form offers it.</summary>
/// <param name="SampleYaml">The kind's <c>sample.yaml</c>, a starting point for the editor.</param>
public sealed record CollectorKindInfo(string Name, string SampleYaml);
