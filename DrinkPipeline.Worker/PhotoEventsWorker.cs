using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;
using DrinkPipeline.Storage.Uploads;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace DrinkPipeline.Worker;

/// <summary>
/// Long-polls the photo-events queue. A message is deleted only after every record in it was handled; a failure leaves
/// it to come back after a growing delay, and the queue's redrive policy moves it to the dead-letter queue after the
/// last attempt, when the worker marks its uploads failed.
/// </summary>
public sealed class PhotoEventsWorker(
    IAmazonSQS sqs,
    IServiceScopeFactory scopes,
    IOptions<AwsResourceOptions> resources,
    IOptions<WorkerOptions> options,
    PipelineMetrics metrics,
    UploadOutcomePublisher outcomes,
    ILogger<PhotoEventsWorker> logger) : BackgroundService
{
    private const string ReceiveCountAttribute = "ApproximateReceiveCount";

    private int maxReceiveCount = 5;
    private TimeSpan visibilityTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queueUrl = resources.Value.QueueUrl;
        (maxReceiveCount, visibilityTimeout) = await ReadQueueSettingsAsync(queueUrl, stoppingToken) ?? (maxReceiveCount, visibilityTimeout);
        var concurrency = options.Value.MaxConcurrency;
        logger.Consuming(queueUrl, maxReceiveCount, concurrency);

        // Each receive asks for a full batch and the messages wait here for a free slot: under a backlog one receive
        // feeds ten photos instead of one (docs/benchmarks.md, requests per photo). A message that waited long enough to
        // risk its visibility timeout gets the timeout again before it starts (HandleInSlotAsync).
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var waiting = new Queue<(Message Message, long ReceivedAt)>();
        var running = new List<Task>();
        await using var deletes = new BatchedDeletes(sqs, queueUrl, options.Value.DeleteBatchWindow, logger);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                if (waiting.Count == 0)
                {
                    var received = Stopwatch.GetTimestamp();
                    foreach (var message in await ReceiveAsync(queueUrl, options.Value.MaxMessages, stoppingToken))
                    {
                        waiting.Enqueue((message, received));
                    }
                }

                if (!waiting.TryDequeue(out var next))
                {
                    slots.Release();
                    continue;
                }

                running.RemoveAll(task => task.IsCompleted);
                running.Add(HandleInSlotAsync(queueUrl, next.Message, next.ReceivedAt, slots, deletes, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Let photos in progress finish or notice the stop; unfinished messages return to the queue, and the ones
        // never started are handed back at once rather than after their timeout.
        await ReturnAsync(queueUrl, [.. waiting.Select(entry => entry.Message)]);
        await Task.WhenAll(running);
    }

    private async Task<IReadOnlyList<Message>> ReceiveAsync(string queueUrl, int count, CancellationToken stoppingToken)
    {
        try
        {
            // A long poll is not work: tracing it would add an empty 20-second trace every 20 seconds.
            using var untraced = SuppressInstrumentationScope.Begin();
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = count,
                WaitTimeSeconds = options.Value.WaitTimeSeconds,
                MessageSystemAttributeNames = [ReceiveCountAttribute],
            }, stoppingToken);
            return response.Messages ?? [];
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The queue (or the emulator) is unreachable: wait and try again rather than stop consuming.
            var delay = TimeSpan.FromSeconds(5);
            logger.ReceiveFailed(exception, delay);
            await Task.Delay(delay, stoppingToken);
            return [];
        }
    }

    private async Task HandleInSlotAsync(string queueUrl, Message message, long receivedAt, SemaphoreSlim slots, BatchedDeletes deletes, CancellationToken stoppingToken)
    {
        try
        {
            // Off the receive loop at once: the loop goes back to fill the other slots.
            await Task.Yield();
            var waited = Stopwatch.GetElapsedTime(receivedAt);
            if (waited > visibilityTimeout / 2)
            {
                try
                {
                    await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, (int)visibilityTimeout.TotalSeconds, stoppingToken);
                }
                catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException)
                {
                    // Its timeout ran out (the queue may have handed it to another copy) or the queue is out of reach:
                    // either way its next delivery handles it.
                    logger.MessageNotKept(exception, message.MessageId, waited);
                    return;
                }
            }

            await HandleAsync(queueUrl, message, deletes, stoppingToken);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Makes messages this copy will not start visible again, so another copy can take them now.</summary>
    private async Task ReturnAsync(string queueUrl, IReadOnlyList<Message> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }

        try
        {
            await sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = [.. messages.Select((message, index) => new ChangeMessageVisibilityBatchRequestEntry
                {
                    Id = index.ToString(CultureInfo.InvariantCulture),
                    ReceiptHandle = message.ReceiptHandle,
                    VisibilityTimeout = 0,
                })],
            }, CancellationToken.None);
        }
        catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException)
        {
            logger.MessagesNotReturned(exception, messages.Count);
        }
    }

    private async Task HandleAsync(string queueUrl, Message message, BatchedDeletes deletes, CancellationToken stoppingToken)
    {
        var attempt = message.Attributes?.TryGetValue(ReceiveCountAttribute, out var count) == true &&
            int.TryParse(count, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1;
        var parsedMessage = S3EventParser.Parse(message.Body);
        try
        {
            switch (parsedMessage)
            {
                case S3EventMessage.Test:
                    logger.TestEventSkipped();
                    break;
                case S3EventMessage.Malformed malformed:
                    // It can never succeed; retrying would only delay the dead-letter queue.
                    logger.MalformedMessage(message.MessageId, malformed.Reason);
                    break;
                case S3EventMessage.Records records:
                    await using (var scope = scopes.CreateAsyncScope())
                    {
                        var processor = scope.ServiceProvider.GetRequiredService<PhotoProcessor>();
                        foreach (var record in records.Items)
                        {
                            await processor.ProcessAsync(record, stoppingToken);
                        }
                    }

                    break;
            }

            deletes.Delete(message.ReceiptHandle);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the message becomes visible again and another worker takes it.
        }
        catch (Exception exception)
        {
            logger.MessageFailed(exception, message.MessageId, attempt, maxReceiveCount);
            metrics.ProcessingFailed();
            await AfterFailureAsync(queueUrl, message, parsedMessage, attempt, exception, stoppingToken);
        }
    }

    private async Task AfterFailureAsync(
        string queueUrl,
        Message message,
        S3EventMessage parsedMessage,
        int attempt,
        Exception exception,
        CancellationToken stoppingToken)
    {
        try
        {
            if (attempt >= maxReceiveCount && parsedMessage is S3EventMessage.Records records)
            {
                await using var scope = scopes.CreateAsyncScope();
                var uploads = scope.ServiceProvider.GetRequiredService<UploadStore>();
                foreach (var record in records.Items)
                {
                    if (ObjectKeys.TryParseUpload(record.Key, out var key))
                    {
                        await uploads.MarkFailedAsync(key.UploadId,
                            $"Processing failed {attempt} times ({exception.GetType().Name}); the event was moved to the dead-letter queue.",
                            stoppingToken);
                        outcomes.Publish(key.UploadId, UploadStatus.Failed);
                    }
                }
            }

            // After the last attempt: visible at once, so the next receive hands it to the dead-letter queue now
            // rather than after the visibility timeout.
            var delay = attempt >= maxReceiveCount ? TimeSpan.Zero : options.Value.RetryDelay * attempt;
            await sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, (int)delay.TotalSeconds, stoppingToken);
        }
        catch (Exception followUp) when (followUp is not OperationCanceledException)
        {
            // The queue's own visibility timeout still brings the message back; nothing more to do here.
            logger.MessageFailed(followUp, message.MessageId, attempt, maxReceiveCount);
        }
    }

    /// <summary>The redrive limit and visibility timeout live in the template; read them from the queue rather than repeat them.</summary>
    private async Task<(int MaxReceiveCount, TimeSpan VisibilityTimeout)?> ReadQueueSettingsAsync(string queueUrl, CancellationToken stoppingToken)
    {
        try
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
            {
                QueueUrl = queueUrl,
                AttributeNames = ["RedrivePolicy", "VisibilityTimeout"],
            }, stoppingToken);
            if (attributes.Attributes?.TryGetValue("RedrivePolicy", out var policy) != true || policy is null ||
                !attributes.Attributes.TryGetValue("VisibilityTimeout", out var visibility))
            {
                return null;
            }

            using var document = JsonDocument.Parse(policy);
            var value = document.RootElement.GetProperty("maxReceiveCount");
            var count = value.ValueKind == JsonValueKind.Number ? value.GetInt32() : int.Parse(value.GetString()!, CultureInfo.InvariantCulture);
            return (count, TimeSpan.FromSeconds(int.Parse(visibility, CultureInfo.InvariantCulture)));
        }
        catch (Exception exception) when (exception is AmazonSQSException or JsonException or FormatException or KeyNotFoundException)
        {
            logger.RedrivePolicyUnreadable(exception, maxReceiveCount);
            return null;
        }
    }
}
