using Ioc.Core.Configuration;

namespace Ioc.Server.Http;

/// <summary>
/// Whether the configuration store answers, asked at most every few seconds: pages consult it on every request, and
/// a store that hangs must not hang them too (each ask is bounded).
/// </summary>
internal sealed class ConfigurationStoreProbe(IDefinitionStore store, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan AnswerFor = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AskFor = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _asking = new(1, 1);
    private (bool Answers, DateTimeOffset At)? _last;

    /// <param name="distrustAnswer">After a failure: a recent "answers" is asked again, a recent "does not" is kept.</param>
    public async Task<bool> AnswersAsync(CancellationToken cancellationToken, bool distrustAnswer = false)
    {
        if (_last is { } known && clock.GetUtcNow() - known.At < AnswerFor && !(distrustAnswer && known.Answers))
        {
            return known.Answers;
        }

        await _asking.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } fresh && clock.GetUtcNow() - fresh.At < AnswerFor && !(distrustAnswer && fresh.Answers))
            {
                return fresh.Answers;
            }

            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(AskFor);
            bool answers;
            try
            {
                answers = await store.PingAsync(bounded.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                answers = false;
            }

            _last = (answers, clock.GetUtcNow());
            return answers;
        }
        finally
        {
            _asking.Release();
        }
    }

    public void Dispose() => _asking.Dispose();
}
