using System.Threading.Channels;
using Amazon.S3;
using Amazon.S3.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Worker;

/// <summary>
/// Tells the web copies that an upload reached its outcome, so their upload pages show it at once instead of at their
/// next look (see <see cref="UploadOutcomeListeners"/>). Outcomes that come within a few milliseconds of each other go
/// to each copy together, through a sender of that copy's own; the list of copies is read from the bucket at most every
/// five seconds (at once while it is empty), and only while there is something to tell. A post that fails costs that
/// copy's pages the latency of their recheck, nothing more.
/// </summary>
public sealed class UploadOutcomePublisher(
    IAmazonS3 s3,
    IHttpClientFactory httpClients,
    IOptions<AwsResourceOptions> resources,
    IOptions<OutcomePushOptions> options,
    TimeProvider time,
    ILogger<UploadOutcomePublisher> logger) : BackgroundService
{
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ListenersFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PostTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<UploadOutcome> outcomes = Channel.CreateUnbounded<UploadOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<Uri, Channel<UploadOutcome>> senders = [];
    private IReadOnlyList<Uri> listeners = [];
    private DateTimeOffset listenersReadAt = DateTimeOffset.MinValue;

    public void Publish(string uploadId, string status)
    {
        if (options.Value.Key is { Length: > 0 })
        {
            outcomes.Writer.TryWrite(new UploadOutcome(uploadId, status));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = outcomes.Reader;
        var batch = new List<UploadOutcome>();
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            await Task.Delay(BatchWindow, stoppingToken);
            while (reader.TryRead(out var outcome))
            {
                batch.Add(outcome);
            }

            try
            {
                await DispatchAsync(batch, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.OutcomesNotPushed(exception, batch.Count);
            }

            batch.Clear();
        }
    }

    /// <summary>Hands the batch to each listening copy's own sender, starting senders for new copies and ending those of gone ones.</summary>
    private async Task DispatchAsync(IReadOnlyList<UploadOutcome> batch, CancellationToken stoppingToken)
    {
        // An empty list is read again at once: right after a start the web copies may not have registered yet, and a
        // list cached empty would drop their pushes for five seconds.
        if (listeners.Count == 0 || time.GetUtcNow() - listenersReadAt > ListenersFor)
        {
            listeners = await ReadListenersAsync(stoppingToken);
            listenersReadAt = time.GetUtcNow();
        }

        foreach (var gone in senders.Keys.Except(listeners).ToList())
        {
            senders[gone].Writer.TryComplete();
            senders.Remove(gone);
        }

        foreach (var listener in listeners)
        {
            if (!senders.TryGetValue(listener, out var queue))
            {
                queue = Channel.CreateUnbounded<UploadOutcome>(new UnboundedChannelOptions { SingleReader = true });
                senders[listener] = queue;
                _ = SendAsync(listener, queue.Reader, stoppingToken);
            }

            foreach (var outcome in batch)
            {
                queue.Writer.TryWrite(outcome);
            }
        }
    }

    /// <summary>
    /// Posts to one web copy whatever is queued for it, one post at a time: a copy that is slow (its first request
    /// after a start) or gone (until its registration goes stale) holds up only its own pushes.
    /// </summary>
    private async Task SendAsync(Uri listener, ChannelReader<UploadOutcome> queue, CancellationToken stoppingToken)
    {
        var http = httpClients.CreateClient(nameof(UploadOutcomePublisher));
        var batch = new List<UploadOutcome>();
        try
        {
            while (await queue.WaitToReadAsync(stoppingToken))
            {
                while (queue.TryRead(out var outcome))
                {
                    batch.Add(outcome);
                }

                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(PostTimeout);
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(listener, UploadOutcomeListeners.Path)) { Content = JsonContent.Create(batch) };
                    request.Headers.Add(UploadOutcomeListeners.KeyHeader, options.Value.Key);
                    using var response = await http.SendAsync(request, timeout.Token);
                    response.EnsureSuccessStatusCode();
                }
                catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    logger.ListenerUnreachable(listener, exception.Message);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<IReadOnlyList<Uri>> ReadListenersAsync(CancellationToken cancellationToken)
    {
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = resources.Value.BucketName,
            Prefix = UploadOutcomeListeners.Prefix,
        }, cancellationToken);
        var fresh = time.GetUtcNow() - UploadOutcomeListeners.StaleAfter;
        return [.. (listed.S3Objects ?? [])
            .Where(entry => entry.LastModified is { } modified && modified.ToUniversalTime() > fresh.UtcDateTime)
            .Select(entry => UploadOutcomeListeners.ListenerOf(entry.Key))
            .OfType<Uri>()];
    }
}
