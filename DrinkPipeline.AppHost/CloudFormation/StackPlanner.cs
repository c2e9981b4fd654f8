using Microsoft.Extensions.Logging;

namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>What a deploy would change in a stack, as <c>cdk diff</c> shows it.</summary>
public sealed record StackPlan(string StackName, bool IsNewStack, IReadOnlyList<PlannedChange> Changes);

/// <summary>
/// Shows what a deploy would change without changing anything: a change set is made with the parameters a deploy
/// would pass, read, and deleted, never executed. For a stack that does not exist yet CloudFormation creates it empty
/// in REVIEW_IN_PROGRESS to hold the change set; the planner deletes that stack again.
/// </summary>
public sealed class StackPlanner(ICloudFormationApi stacks, ICloudFormationChangeSets changeSets, ILogger logger, TimeSpan pollInterval, TimeSpan timeout)
{
    private const string NoChanges = "didn't contain changes";

    public async Task<StackPlan> PlanAsync(
        string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var existing = await stacks.DescribeStackAsync(stackName, cancellationToken);
        var isNew = existing is null or { Status: "REVIEW_IN_PROGRESS" };
        var changeSetName = $"plan-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        await changeSets.CreateChangeSetAsync(stackName, changeSetName, isNew ? "CREATE" : "UPDATE", templateBody,
            StackDeployer.WithFingerprint(templateBody, parameters), cancellationToken);
        try
        {
            var described = await WaitAsync(stackName, changeSetName, cancellationToken);
            if (described.Status == "FAILED" && described.StatusReason?.Contains(NoChanges, StringComparison.Ordinal) == true)
            {
                return new StackPlan(stackName, isNew, []);
            }

            return described.Status == "CREATE_COMPLETE"
                ? new StackPlan(stackName, isNew, described.Changes)
                : throw new InvalidOperationException(
                    $"CloudFormation could not plan {stackName}: {described.Status}, {described.StatusReason ?? "no reason given"}.");
        }
        finally
        {
            await changeSets.DeleteChangeSetAsync(stackName, changeSetName, CancellationToken.None);
            if (isNew)
            {
                // The empty stack that held the change set: nothing of it may stay behind.
                await stacks.DeleteStackAsync(stackName, CancellationToken.None);
            }

            logger.LogPlanCleanedUp(stackName, changeSetName);
        }
    }

    private async Task<ChangeSetDescription> WaitAsync(string stackName, string changeSetName, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var described = await changeSets.DescribeChangeSetAsync(stackName, changeSetName, cancellationToken);
            if (described.Status is not ("CREATE_PENDING" or "CREATE_IN_PROGRESS"))
            {
                return described;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The change set {changeSetName} of {stackName} was still {described.Status} after {timeout}.");
            }

            await Task.Delay(pollInterval, cancellationToken);
        }
    }
}
