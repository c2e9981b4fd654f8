using Microsoft.Extensions.Logging;

namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>
/// A CloudFormation stack deployed from a template when the app starts. Dependents wait for it and receive its
/// outputs as <c>AWS__Resources__{OutputKey}</c>.
/// </summary>
public sealed class CloudFormationStackResource(string name, CloudFormationTemplate template, string stackName)
    : Resource(name), IResourceWithWaitSupport
{
    private readonly TaskCompletionSource<DeployedStack> deployed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CloudFormationTemplate Template { get; } = template;

    public string StackName { get; } = stackName;

    /// <summary>Template parameters: plain strings, or values known only once the app runs (endpoints).</summary>
    public Dictionary<string, object> Parameters { get; } = new(StringComparer.Ordinal);

    public AwsTarget? Target { get; set; }

    /// <summary>Steps run after every deployment, the first and any after an emulator restart.</summary>
    public List<Func<DeployedStack, AwsTarget, ILogger, CancellationToken, Task>> AfterDeploy { get; } = [];

    /// <summary>Completes when the stack is deployed (or fails with the reason it was not).</summary>
    public Task<DeployedStack> Deployed => deployed.Task;

    internal void SetDeployed(DeployedStack stack) => deployed.TrySetResult(stack);

    internal void SetFailed(Exception exception) => deployed.TrySetException(exception);
}
