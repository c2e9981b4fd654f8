using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using DrinkPipeline.Storage;
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
    ILogger<PhotoEventsWorker> logger) : BackgroundService
{
    private const string ReceiveCountAttribute = "ApproximateReceiveCount";

    private int maxReceiveCount = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queueUrl = resources.Value.QueueUrl;
        maxReceiveCount = await ReadMaxReceiveCountAsync(queueUrl, stoppingToken) ?? maxReceiveCount;
        var concurrency = options.Value.MaxConcurrency;
        logger.Consuming(queueUrl, maxReceiveCount, concurrency);

        // Receive only for free slots, so a message's visibility timeout starts when its processing can start, and one
        // slow photo never holds up the rest of its batch.
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < options.Value.MaxMessages && slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                var messages = await ReceiveAsync(queueUrl, free, stoppingToken);
                if (messages.Count < free)
                {
                    slots.Release(free - messages.Count);
                }

                running.RemoveAll(task => task.IsCompleted);
                foreach (var message in messages)
                {
                    running.Add(HandleInSlotAsync(queueUrl, message, slots, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Let photos in progress finish or notice the stop; unfinished messages return to the queue.
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

    private async Task HandleInSlotAsync(string queueUrl, Message message, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            // Off the receive loop at once: the loop goes back to fill the other slots.
            await Task.Yield();
            await HandleAsync(queueUrl, message, stoppingToken);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task HandleAsync(string queueUrl, Message message, CancellationToken stoppingToken)
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

            await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, stoppingToken);
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

    /// <summary>The redrive limit lives in the template; read it from the queue rather than repeat it.</summary>
    private async Task<int?> ReadMaxReceiveCountAsync(string queueUrl, CancellationToken stoppingToken)
    {
        try
        {
            var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
            {
                QueueUrl = queueUrl,
                AttributeNames = ["RedrivePolicy"],
            }, stoppingToken);
            if (attributes.Attributes?.TryGetValue("RedrivePolicy", out var policy) != true || policy is null)
            {
                return null;
            }

            using var document = JsonDocument.Parse(policy);
            var value = document.RootElement.GetProperty("maxReceiveCount");
            return value.ValueKind == JsonValueKind.Number ? value.GetInt32() : int.Parse(value.GetString()!, CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is AmazonSQSException or JsonException or FormatException or KeyNotFoundException)
        {
            logger.RedrivePolicyUnreadable(exception, maxReceiveCount);
            return null;
        }
    }
}
