using System.Collections.Concurrent;
using System.Threading.Channels;
using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Web.UploadOutcomes;

/// <summary>
/// The upload page's waiting rows, in one place per web copy. Each open event stream subscribes to its uploads; a
/// subscriber is woken when the worker pushes an outcome for one of them (<see cref="Notify"/>) and, as a safety net,
/// every <see cref="RecheckInterval"/> (every second when nothing is pushed), so a push that never came costs
/// latency, not the outcome. A woken subscriber reads the status once through the API: one read per push, no poll.
/// </summary>
public sealed class UploadOutcomeHub(IOptions<OutcomePushOptions> options) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<string>, byte>> subscribers = new(StringComparer.Ordinal);

    public TimeSpan RecheckInterval => options.Value.Key is { Length: > 0 } ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);

    /// <summary>Wakes <paramref name="wake"/> with an upload id whenever that upload may have changed; dispose to stop.</summary>
    public IDisposable Subscribe(IReadOnlyCollection<string> uploadIds, Channel<string> wake)
    {
        foreach (var uploadId in uploadIds)
        {
            subscribers.GetOrAdd(uploadId, _ => new()).TryAdd(wake, 0);
        }

        return new Subscription(this, uploadIds, wake);
    }

    public void Notify(string uploadId)
    {
        if (subscribers.TryGetValue(uploadId, out var channels))
        {
            foreach (var channel in channels.Keys)
            {
                channel.Writer.TryWrite(uploadId);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RecheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var uploadId in subscribers.Keys)
            {
                Notify(uploadId);
            }
        }
    }

    private sealed class Subscription(UploadOutcomeHub hub, IReadOnlyCollection<string> uploadIds, Channel<string> wake) : IDisposable
    {
        public void Dispose()
        {
            foreach (var uploadId in uploadIds)
            {
                if (hub.subscribers.TryGetValue(uploadId, out var channels) && channels.TryRemove(wake, out _) && channels.IsEmpty)
                {
                    hub.subscribers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Channel<string>, byte>>(uploadId, channels));
                }
            }
        }
    }
}
