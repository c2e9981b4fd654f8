using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace DrinkPipeline.Worker;

/// <summary>Reads the dead-letter queue's depth periodically for the <c>drinkpipeline.dlq.depth</c> gauge.</summary>
public sealed class DeadLetterQueueMonitor(
    IAmazonSQS sqs,
    IOptions<AwsResourceOptions> resources,
    IOptions<WorkerOptions> options,
    PipelineMetrics metrics,
    ILogger<DeadLetterQueueMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DeadLetterPollInterval);
        do
        {
            try
            {
                // A routine poll, not work worth a trace.
                using var untraced = SuppressInstrumentationScope.Begin();
                var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
                {
                    QueueUrl = resources.Value.DeadLetterQueueUrl,
                    AttributeNames = ["ApproximateNumberOfMessages"],
                }, stoppingToken);
                metrics.DeadLetterDepthObserved(attributes.ApproximateNumberOfMessages);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.DeadLetterDepthUnreadable(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
