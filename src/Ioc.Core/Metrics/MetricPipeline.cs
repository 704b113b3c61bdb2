using Ioc.Core.Live;
using Ioc.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Ioc.Core.Metrics;

/// <summary>
/// The one way points enter Ioc: validated whole, stored, then published live. Nothing is published that
/// the store did not accept, and a live-delivery failure never undoes a write.
/// </summary>
public sealed class MetricPipeline
{
    private readonly IMetricStore _store;
    private readonly ILivePublisher _publisher;
    private readonly MetricValidator _validator;
    private readonly ILogger<MetricPipeline> _logger;

    public MetricPipeline(IMetricStore store, ILivePublisher publisher, MetricValidator validator, ILogger<MetricPipeline> logger)
    {
        _store = store;
        _publisher = publisher;
        _validator = validator;
        _logger = logger;
    }

    public MetricValidator Validator => _validator;

    /// <summary>Validates every point first; throws <see cref="MetricValidationException"/> and stores nothing if any is invalid.</summary>
    public Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default) =>
        WriteAsync(points, publish: true, cancellationToken);

    /// <param name="publish">False for history (a replay of past slots): stored, not pushed to live screens.</param>
    public async Task WriteAsync(IReadOnlyList<MetricPoint> points, bool publish, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        List<string>? errors = null;
        for (var i = 0; i < points.Count; i++)
        {
            var reason = _validator.Validate(points[i]);
            if (reason is not null)
            {
                (errors ??= []).Add($"point {i + 1} ({points[i].Series}): {reason}");
            }
        }

        if (errors is not null)
        {
            throw new MetricValidationException(errors);
        }

        if (publish)
        {
            await WriteValidatedAsync(points, cancellationToken);
        }
        else if (points.Count > 0)
        {
            await _store.WriteAsync(points, cancellationToken);
        }
    }

    /// <summary>For points already checked by the same validator (the ingest parser does so per line).</summary>
    public async Task WriteValidatedAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return;
        }

        await _store.WriteAsync(points, cancellationToken);
        try
        {
            await _publisher.PublishAsync(points, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Stored {Count} points but could not publish them live", points.Count);
        }
    }
}

public sealed class MetricValidationException : Exception
{
    public MetricValidationException(IReadOnlyList<string> errors)
        : base($"{errors.Count} invalid point(s): {string.Join("; ", errors.Take(5))}")
    {
        Errors = errors;
    }

    public MetricValidationException()
        : this([])
    {
    }

    public MetricValidationException(string message)
        : this([message])
    {
    }

    public MetricValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; }
}
