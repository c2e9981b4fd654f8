using DrinkPipeline.AppHost.CloudFormation;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrinkPipeline.DeployTests;

/// <summary>The deploy decisions (create, skip, update, replace), against an in-memory CloudFormation.</summary>
public class StackDeployerTests
{
    private const string Stack = "drink-pipeline";
    private const string Template = "Resources: {}";
    private static readonly Dictionary<string, string> Parameters = new() { ["WebOrigin"] = "http://localhost:5080" };

    private readonly FakeCloudFormation cloudFormation = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private StackDeployer Deployer => new(cloudFormation, NullLogger.Instance, TimeSpan.Zero, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task DeployCreatesAMissingStack()
    {
        var stack = await Deployer.DeployAsync(Stack, Template, Parameters, Token);

        Assert.Equal("CREATE_COMPLETE", stack.Status);
        Assert.Equal(["Create"], cloudFormation.Calls);
    }

    [Fact]
    public async Task DeploySkipsAStackWhoseTemplateAndParametersAreUnchanged()
    {
        await Deployer.DeployAsync(Stack, Template, Parameters, Token);

        await Deployer.DeployAsync(Stack, Template, new Dictionary<string, string>(Parameters), Token);

        Assert.Equal(["Create"], cloudFormation.Calls);
    }

    [Fact]
    public void TheTemplateDeclaresTheFingerprintTheDeployerPasses()
    {
        // CloudFormation refuses a parameter the template does not declare; a stack tag instead would be copied onto
        // every taggable resource at each change of the template or an image.
        var template = CloudFormationTemplate.Load(Path.Combine(AppContext.BaseDirectory, "aws", "drink-pipeline.template.yaml"));

        var fingerprint = template.Root["Parameters"]?[StackDeployer.FingerprintParameter];

        Assert.NotNull(fingerprint);
        Assert.Equal("", fingerprint["Default"]?.GetValue<string>());
    }

    [Fact]
    public async Task DeployUpdatesWhenAParameterChanges()
    {
        await Deployer.DeployAsync(Stack, Template, Parameters, Token);

        var stack = await Deployer.DeployAsync(Stack, Template, new Dictionary<string, string> { ["WebOrigin"] = "http://localhost:6000" }, Token);

        Assert.Equal(["Create", "Update"], cloudFormation.Calls);
        Assert.Equal("UPDATE_COMPLETE", stack.Status);
    }

    [Fact]
    public async Task DeployReplacesAStackLeftInRollbackComplete()
    {
        cloudFormation.Stacks[Stack] = new StackDescription("ROLLBACK_COMPLETE", "Bucket already exists", new Dictionary<string, string>(), new Dictionary<string, string>());

        var stack = await Deployer.DeployAsync(Stack, Template, Parameters, Token);

        Assert.Equal(["Delete", "Create"], cloudFormation.Calls);
        Assert.Equal("CREATE_COMPLETE", stack.Status);
    }

    [Fact]
    public async Task DeployReplacesTheEmptyStackAnInterruptedPlanLeftInReview()
    {
        cloudFormation.Stacks[Stack] = new StackDescription("REVIEW_IN_PROGRESS", null, new Dictionary<string, string>(), new Dictionary<string, string>());
        var deployer = new StackDeployer(cloudFormation, NullLogger.Instance, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(500));

        var stack = await deployer.DeployAsync(Stack, Template, Parameters, Token);

        Assert.Equal(["Delete", "Create"], cloudFormation.Calls);
        Assert.Equal("CREATE_COMPLETE", stack.Status);
    }

    [Fact]
    public async Task DeployReportsWhyAStackFailed()
    {
        cloudFormation.CreateOutcome = "ROLLBACK_COMPLETE";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Deployer.DeployAsync(Stack, Template, Parameters, Token));

        Assert.Contains("ROLLBACK_COMPLETE: The following resource(s) failed", error.Message);
    }

    [Fact]
    public async Task DeployGivesUpOnAStackThatStaysInProgress()
    {
        cloudFormation.CreateOutcome = "CREATE_IN_PROGRESS";
        var deployer = new StackDeployer(cloudFormation, NullLogger.Instance, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => deployer.DeployAsync(Stack, Template, Parameters, Token));

        Assert.Contains("still CREATE_IN_PROGRESS", error.Message);
    }

    private sealed class FakeCloudFormation : ICloudFormationApi
    {
        public Dictionary<string, StackDescription> Stacks { get; } = [];

        public List<string> Calls { get; } = [];

        public string CreateOutcome { get; set; } = "CREATE_COMPLETE";

        public Task<StackDescription?> DescribeStackAsync(string stackName, CancellationToken cancellationToken) =>
            Task.FromResult(Stacks.GetValueOrDefault(stackName));

        public Task CreateStackAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters,
            CancellationToken cancellationToken)
        {
            Calls.Add("Create");
            Stacks[stackName] = Describe(CreateOutcome, parameters);
            return Task.CompletedTask;
        }

        public Task<bool> UpdateStackAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters,
            CancellationToken cancellationToken)
        {
            Calls.Add("Update");
            Stacks[stackName] = Describe("UPDATE_COMPLETE", parameters);
            return Task.FromResult(true);
        }

        public Task DeleteStackAsync(string stackName, CancellationToken cancellationToken)
        {
            Calls.Add("Delete");
            Stacks.Remove(stackName);
            return Task.CompletedTask;
        }

        // As DescribeStacks answers: the parameters the stack was last deployed with.
        private static StackDescription Describe(string status, IReadOnlyDictionary<string, string> parameters) => new(
            status,
            status == "ROLLBACK_COMPLETE" ? "The following resource(s) failed to create: [PhotoBucket]." : null,
            new Dictionary<string, string> { ["BucketName"] = "photos" },
            new Dictionary<string, string>(parameters));
    }
}
