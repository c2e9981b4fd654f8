using Amazon.SQS;
using Amazon.SQS.Model;
using DrinkPipeline.Storage;
using DrinkPipeline.Storage.Coordination;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace DrinkPipeline.Worker;

/// <summary>
/// Reads the dead-letter queue's depth periodically for the <c>drinkpipeline.dlq.depth</c> gauge. The depth is one
/// number for the whole pipeline, so only the worker copy holding the gauge's lease reports it: with three copies
/// reporting, a sum in CloudWatch or the dashboard would read three times the depth.
/// </summary>
public sealed class DeadLetterQueueMonitor(
    IAmazonSQS sqs,
    Leases leases,
    IOptions<AwsResourceOptions> resources,
    IOptions<WorkerOptions> options,
    PipelineMetrics metrics,
    ILogger<DeadLetterQueueMonitor> logger) : BackgroundService
{
    private const string LeaseName = "dlq-depth-gauge";

    private readonly string holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.DeadLetterPollInterval;
        // Renewed every interval; a dead holder's lease runs out after two and a half, and another copy takes over.
        var leaseDuration = interval * 2.5;
        var reporting = false;
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                // A routine poll, not work worth a trace.
                using var untraced = SuppressInstrumentationScope.Begin();
                var holds = await leases.TryHoldAsync(LeaseName, holder, leaseDuration, stoppingToken);
                if (holds != reporting)
                {
                    logger.DeadLetterGaugeReporter(holds);
                    reporting = holds;
                }

                if (!holds)
                {
                    metrics.DeadLetterDepthNotReported();
                    continue;
                }

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
