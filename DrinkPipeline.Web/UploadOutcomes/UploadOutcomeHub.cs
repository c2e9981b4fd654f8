using System.Collections.Concurrent;
using System.Threading.Channels;
using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Web.UploadOutcomes;

/// <summary>An upload's outcome as a stream sends it: an <c>outcome</c> (<see cref="UploadWatchEvent"/>) or a <c>problem</c>.</summary>
public sealed record WatchedOutcome(string UploadId, string EventName, object Data);

/// <summary>
/// The waiting uploads of every open event stream on this web copy, in one place. An upload is read through the API
/// when the worker pushes its outcome (<see cref="Notify"/>) and, as a safety net, every <see cref="RecheckInterval"/>
/// (every second when nothing is pushed): once per upload however many streams watch it, never two reads of one upload
/// at a time. An ended upload's outcome goes to every stream watching it.
/// </summary>
public sealed class UploadOutcomeHub(IOptions<OutcomePushOptions> options, IServiceScopeFactory scopes, ILogger<UploadOutcomeHub> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ChannelWriter<WatchedOutcome>, byte>> watchers = new(StringComparer.Ordinal);

    /// <summary>Uploads being read; true when another read was asked for meanwhile (the status may have changed since).</summary>
    private readonly Dictionary<string, bool> reading = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private CancellationToken stopping;

    public TimeSpan RecheckInterval => options.Value.Key is { Length: > 0 } ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);

    /// <summary>Sends <paramref name="outcomes"/> the outcome of each upload once it has ended, read now and on every change; dispose to stop.</summary>
    public IDisposable Watch(IReadOnlyCollection<string> uploadIds, ChannelWriter<WatchedOutcome> outcomes)
    {
        foreach (var uploadId in uploadIds)
        {
            watchers.GetOrAdd(uploadId, _ => new()).TryAdd(outcomes, 0);
        }

        // Read once at the start: the upload may have ended before the page asked.
        foreach (var uploadId in uploadIds)
        {
            Notify(uploadId);
        }

        return new Watching(this, uploadIds, outcomes);
    }

    /// <summary>The upload may have changed: read it, unless nobody watches it or a read is under way (then once more after it).</summary>
    public void Notify(string uploadId)
    {
        if (!watchers.ContainsKey(uploadId))
        {
            return;
        }

        lock (gate)
        {
            if (reading.ContainsKey(uploadId))
            {
                reading[uploadId] = true;
                return;
            }

            reading[uploadId] = false;
        }

        _ = ReadAsync(uploadId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stopping = stoppingToken;
        using var timer = new PeriodicTimer(RecheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var uploadId in watchers.Keys)
            {
                Notify(uploadId);
            }
        }
    }

    private async Task ReadAsync(string uploadId)
    {
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<DrinkApiClient>().GetUploadAsync(uploadId, stopping);
                var outcome = result switch
                {
                    { Value: { Status: not UploadStatus.Pending } status } => new WatchedOutcome(uploadId, "outcome", UploadWatchEvent.From(status)),
                    { Problem: { Status: StatusCodes.Status404NotFound } problem } => new WatchedOutcome(uploadId, "problem", problem),
                    _ => null,
                };
                if (outcome is not null && watchers.TryGetValue(uploadId, out var outcomes))
                {
                    foreach (var writer in outcomes.Keys)
                    {
                        writer.TryWrite(outcome);
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                // The API is away: the next push or recheck reads again.
                logger.OutcomeReadFailed(exception, uploadId);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (gate)
            {
                if (!reading[uploadId])
                {
                    reading.Remove(uploadId);
                    return;
                }

                reading[uploadId] = false;
            }
        }
    }

    private sealed class Watching(UploadOutcomeHub hub, IReadOnlyCollection<string> uploadIds, ChannelWriter<WatchedOutcome> outcomes) : IDisposable
    {
        public void Dispose()
        {
            foreach (var uploadId in uploadIds)
            {
                if (hub.watchers.TryGetValue(uploadId, out var writers) && writers.TryRemove(outcomes, out _) && writers.IsEmpty)
                {
                    hub.watchers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<ChannelWriter<WatchedOutcome>, byte>>(uploadId, writers));
                }
            }
        }
    }
}
