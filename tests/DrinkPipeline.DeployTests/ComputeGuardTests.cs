using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.DeployTests;

public class ComputeGuardTests
{
    private static readonly Dictionary<string, string> Local = new() { ["WebOrigin"] = "http://localhost:5080" };

    private static StackDescription Stack(Dictionary<string, string> parameters) =>
        new("UPDATE_COMPLETE", null, new Dictionary<string, string>(), parameters);

    [Fact]
    public void TheAppHostRefusesToUpdateAStackThatRunsOnEcs()
    {
        var onEcs = Stack(new() { ["ApiImage"] = "repo/api:1", ["WorkerImage"] = "repo/worker:1", ["WebImage"] = "repo/web:1" });

        var refusal = Assert.Throws<InvalidOperationException>(() => ComputeGuard.EnsureNotRemovingCompute("drink-pipeline", onEcs, Local));

        Assert.Contains("--AWS:StackName", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StacksWithoutComputeAndDeploysWithImagesPass()
    {
        ComputeGuard.EnsureNotRemovingCompute("new", null, Local);
        ComputeGuard.EnsureNotRemovingCompute("local", Stack(new() { ["ApiImage"] = "", ["WebOrigin"] = "http://localhost:5080" }), Local);
        ComputeGuard.EnsureNotRemovingCompute("on-ecs", Stack(new() { ["ApiImage"] = "repo/api:1" }),
            new Dictionary<string, string> { ["ApiImage"] = "repo/api:2", ["WorkerImage"] = "repo/worker:2", ["WebImage"] = "repo/web:2" });
    }
}
