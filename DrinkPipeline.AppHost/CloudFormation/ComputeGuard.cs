namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>
/// A stack that runs the services on ECS (deployed with the deploy mode) must not be updated by an AppHost that runs
/// the services itself: without the image parameters the update would delete the compute, and the web origin
/// parameter would point the bucket's CORS at the developer's machine.
/// </summary>
public static class ComputeGuard
{
    private static readonly string[] ImageParameters = ["ApiImage", "WorkerImage", "WebImage"];

    public static void EnsureNotRemovingCompute(string stackName, StackDescription? existing, IReadOnlyDictionary<string, string> parameters)
    {
        var runsOnEcs = existing is not null && ImageParameters.Any(name => existing.Parameters.GetValueOrDefault(name) is { Length: > 0 });
        if (runsOnEcs && !ImageParameters.All(name => parameters.GetValueOrDefault(name) is { Length: > 0 }))
        {
            throw new InvalidOperationException(
                $"Stack {stackName} runs the services on ECS (it was deployed with the deploy mode, docs/deploy.md). Running the " +
                "services here against it would delete that compute: give this AppHost another stack name (--AWS:StackName).");
        }
    }
}
