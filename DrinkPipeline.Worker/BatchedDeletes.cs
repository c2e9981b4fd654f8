using System.Globalization;
using System.Threading.Channels;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace DrinkPipeline.Worker;

/// <summary>
/// Deletes handled messages ten to a request: a message is queued here once its photo is recorded, and the deletes that
/// gather within a short window after the first go out together. Under a backlog that turns a request per
/// photo into about one per batch (docs/benchmarks.md). A delete that is late or lost costs nothing but a redelivery,
/// which the pipeline takes as it takes any (idempotent); the window is far below any visibility timeout.
/// </summary>
public sealed class BatchedDeletes : IAsyncDisposable
{
    private const int MaxBatch = 10;

    private readonly Channel<string> receiptHandles = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IAmazonSQS sqs;
    private readonly string queueUrl;
    private readonly TimeSpan window;
    private readonly ILogger logger;
    private readonly Task sending;

    public BatchedDeletes(IAmazonSQS sqs, string queueUrl, TimeSpan window, ILogger logger)
    {
        (this.sqs, this.queueUrl, this.window, this.logger) = (sqs, queueUrl, window, logger);
        sending = SendAsync();
    }

    public void Delete(string receiptHandle) => receiptHandles.Writer.TryWrite(receiptHandle);

    /// <summary>Sends what is queued and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        receiptHandles.Writer.TryComplete();
        await sending;
    }

    private async Task SendAsync()
    {
        var reader = receiptHandles.Reader;
        var batch = new List<string>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            // The first delete waits at most the window for others to join it (none waits once the worker stops).
            if (!reader.Completion.IsCompleted)
            {
                await Task.WhenAny(Task.Delay(window), reader.Completion);
            }

            while (reader.TryRead(out var receiptHandle))
            {
                batch.Add(receiptHandle);
                if (batch.Count == MaxBatch)
                {
                    await DeleteAsync(batch);
                }
            }

            if (batch.Count > 0)
            {
                await DeleteAsync(batch);
            }
        }
    }

    private async Task DeleteAsync(List<string> batch)
    {
        try
        {
            var response = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = [.. batch.Select((handle, index) => new DeleteMessageBatchRequestEntry(index.ToString(CultureInfo.InvariantCulture), handle))],
            });
            if (response.Failed is { Count: > 0 } failed)
            {
                logger.DeletesFailed(failed.Count, string.Join("; ", failed.Select(entry => entry.Message).Distinct()));
            }
        }
        catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException or OperationCanceledException)
        {
            logger.DeletesFailed(batch.Count, exception.Message);
        }
        finally
        {
            batch.Clear();
        }
    }
}
