using Microsoft.Extensions.Logging;

namespace DrinkPipeline.AppHost;

/// <summary>The AppHost's log messages, source-generated, by the code that writes them.</summary>
internal static partial class Log
{
    // EmulatorGapFiller
    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {What} to {Resource} (skipped by the emulator's CloudFormation)")]
    public static partial void LogGapApplied(this ILogger logger, string what, string resource);

    // StackDeployer
    [LoggerMessage(Level = LogLevel.Information, Message = "Creating stack {StackName}")]
    public static partial void LogStackCreating(this ILogger logger, string stackName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updating stack {StackName}")]
    public static partial void LogStackUpdating(this ILogger logger, string stackName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stack {StackName} is up to date; template and parameters unchanged")]
    public static partial void LogStackUnchanged(this ILogger logger, string stackName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stack {StackName} is {Status}; deleting it to create it again")]
    public static partial void LogStackReplacing(this ILogger logger, string stackName, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stack {StackName} is {Status}; waiting for it to settle")]
    public static partial void LogStackBusy(this ILogger logger, string stackName, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stack {StackName} is {Status}")]
    public static partial void LogStackReady(this ILogger logger, string stackName, string status);

    // CloudFormationExtensions
    [LoggerMessage(Level = LogLevel.Warning, Message = "The emulator does not answer; stack {StackName} will be deployed again when it is back if it is gone")]
    public static partial void LogEmulatorDown(this ILogger logger, string stackName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stack {StackName} is gone from the emulator (restarted, empty); deploying it again")]
    public static partial void LogRedeploying(this ILogger logger, string stackName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stack {StackName} is back")]
    public static partial void LogStackBack(this ILogger logger, string stackName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deploying stack {StackName} failed")]
    public static partial void LogStackFailed(this ILogger logger, Exception exception, string stackName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted the plan's change set {ChangeSetName} of {StackName}")]
    public static partial void LogPlanCleanedUp(this ILogger logger, string stackName, string changeSetName);

    // AwsDeploymentExtensions
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void LogPreflightWarning(this ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The account had no {Role}, which ECS needs to place tasks: {Outcome}")]
    public static partial void LogEcsServiceLinkedRoleMissing(this ILogger logger, string role, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Planning stack {StackName} in {Region} (from {RegionSource}) as {Caller}, account {Account}; nothing will be changed")]
    public static partial void LogPlanTarget(this ILogger logger, string stackName, string region, string regionSource, string caller, string account);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Action} {LogicalId} ({ResourceType}), replacement: {Replacement}")]
    public static partial void LogPlannedChange(this ILogger logger, string action, string logicalId, string resourceType, string replacement);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deploying stack {StackName} to {Region} (from {RegionSource}) as {Caller}, account {Account}")]
    public static partial void LogDeployTarget(this ILogger logger, string stackName, string region, string regionSource, string caller, string account);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stack {StackName} is deployed; the web app answers at {WebUrl}")]
    public static partial void LogDeployed(this ILogger logger, string stackName, string webUrl);

    // CloudDeployment
    [LoggerMessage(Level = LogLevel.Information, Message = "Stack {StackName} has no image repositories yet: creating the stack's data resources and repositories first")]
    public static partial void LogCreatingRepositories(this ILogger logger, string stackName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publishing the {Service} image to {ImageUri}")]
    public static partial void LogPublishingImage(this ILogger logger, string service, string imageUri);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deploying stack {StackName} with the new images (creates or rolls the ECS services; waits until they are stable)")]
    public static partial void LogDeployingCompute(this ILogger logger, string stackName);

    // DotnetContainerPublisher
    [LoggerMessage(Level = LogLevel.Information, Message = "[{Service}] {Line}")]
    public static partial void LogPublishOutput(this ILogger logger, string service, string line);

    // UnprocessedUploads
    [LoggerMessage(Level = LogLevel.Information, Message = "Sent the events of {Count} uploads that reached storage before the last stop but were not processed")]
    public static partial void LogResent(this ILogger logger, int count);
}
