using Amazon.SQS;
using Amazon.SQS.Model;
using DrinkPipeline.AppHost.CloudFormation;

namespace Aspire.Hosting;

/// <summary>Dashboard commands for operating the pipeline's stack.</summary>
public static class PipelineCommands
{
    public const string RedriveCommand = "redrive-dead-letters";

    /// <summary>
    /// Moves every message from the dead-letter queue back to the photo queue. The emulator has no
    /// StartMessageMoveTask, so this receives, sends and then deletes, one batch at a time: a message is only removed
    /// from the dead-letter queue once the photo queue has it.
    /// </summary>
    public static IResourceBuilder<CloudFormationStackResource> WithRedriveCommand(this IResourceBuilder<CloudFormationStackResource> builder)
    {
        var stack = builder.Resource;
        return builder.WithCommand(
            RedriveCommand,
            "Redrive dead letters",
            async context =>
            {
                if (!stack.Deployed.IsCompletedSuccessfully)
                {
                    return CommandResults.Failure("The stack is not deployed.");
                }

                var outputs = stack.Deployed.Result.Outputs;
                var target = stack.Target!;
                using var sqs = new AmazonSQSClient(await target.GetSdkCredentialsAsync(), target.Configure(new AmazonSQSConfig()));
                var moved = await RedriveAsync(sqs, outputs["DeadLetterQueueUrl"], outputs["QueueUrl"], context.CancellationToken);
                return CommandResults.Success($"Moved {moved} message(s) back to the photo queue.");
            },
            new CommandOptions
            {
                Description = "Send the photo events that failed five times back to the worker.",
                IconName = "ArrowRedo",
                ConfirmationMessage = "Move every dead-lettered photo event back to the photo queue?",
                UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });
    }

    private static async Task<int> RedriveAsync(IAmazonSQS sqs, string deadLetterQueueUrl, string queueUrl, CancellationToken cancellationToken)
    {
        var moved = 0;
        while (true)
        {
            var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = deadLetterQueueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 0,
                VisibilityTimeout = 60,
            }, cancellationToken);
            if (batch.Messages is not { Count: > 0 } messages)
            {
                return moved;
            }

            foreach (var message in messages)
            {
                await sqs.SendMessageAsync(queueUrl, message.Body, cancellationToken);
                await sqs.DeleteMessageAsync(deadLetterQueueUrl, message.ReceiptHandle, cancellationToken);
                moved++;
            }
        }
    }
}
