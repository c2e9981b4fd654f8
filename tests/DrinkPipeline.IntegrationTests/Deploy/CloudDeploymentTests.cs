using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;
using DrinkPipeline.AppHost.Deployment;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// The deploy command's order of work against the emulator: repositories before the first push, the images' URIs
/// into the stack, earlier settings kept. The registry login is the real call (the emulator serves ECR's API). The
/// image build and push is not: it needs the base image from mcr.microsoft.com, which these machines cannot reach, so
/// a recorder stands in for <see cref="DotnetContainerPublisher"/> and nothing claims an image exists.
/// </summary>
public class CloudDeploymentTests(StandaloneEmulator emulator) : IClassFixture<StandaloneEmulator>
{
    private static readonly CloudFormationTemplate Template = StackTemplate.Loaded;

    private static readonly Dictionary<string, string> Projects = new()
    {
        ["Api"] = "DrinkPipeline.Api.csproj",
        ["Worker"] = "DrinkPipeline.Worker.csproj",
        ["Web"] = "DrinkPipeline.Web.csproj",
    };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheFirstDeployCreatesTheRepositoriesBeforePushingThenTheComputeRunsThoseImages()
    {
        const string stack = "first-deploy";
        var publisher = new RecordingPublisher(emulator.Url, stack);

        var outputs = await DeploymentFor(publisher).DeployAsync(stack, Template, new Dictionary<string, string> { ["WorkerMaxTasks"] = "7" }, Projects, "20261203-1", Token);

        Assert.Equal(["api", "worker", "web"], publisher.Published.Select(image => image.Service));
        Assert.All(publisher.Published, image =>
        {
            Assert.Equal(outputs[$"{char.ToUpperInvariant(image.Service[0])}{image.Service[1..]}RepositoryUri"], image.RepositoryUri);
            Assert.Equal("20261203-1", image.Tag);
        });
        Assert.All(publisher.Login, login => Assert.Equal("AWS", login.UserName));
        var services = (await AwsAsync("ecs", "describe-services", "--cluster", stack, "--services", "api", "worker", "web"))["services"]!.AsArray();
        foreach (var service in services)
        {
            var definition = await AwsAsync("ecs", "describe-task-definition", "--task-definition", service!["taskDefinition"]!.GetValue<string>());
            var image = definition["taskDefinition"]!["containerDefinitions"]![0]!["image"]!.GetValue<string>();
            Assert.Equal(publisher.Published.Single(published => published.Service == service["serviceName"]!.GetValue<string>()).Uri, image);
        }

        Assert.True(outputs.ContainsKey("WebUrl"));
    }

    [Fact]
    public async Task ALaterDeployPushesANewTagAndKeepsWhatWasSetBefore()
    {
        const string stack = "later-deploy";
        await DeploymentFor(new RecordingPublisher(emulator.Url, stack))
            .DeployAsync(stack, Template, new Dictionary<string, string> { ["WorkerMaxTasks"] = "7" }, Projects, "v1", Token);

        var publisher = new RecordingPublisher(emulator.Url, stack);
        await DeploymentFor(publisher).DeployAsync(stack, Template, new Dictionary<string, string>(), Projects, "v2", Token);

        var parameters = (await AwsAsync("cloudformation", "describe-stacks", "--stack-name", stack))["Stacks"]![0]!["Parameters"]!.AsArray()
            .ToDictionary(parameter => parameter!["ParameterKey"]!.GetValue<string>(), parameter => parameter!["ParameterValue"]!.GetValue<string>());
        Assert.Equal("7", parameters["WorkerMaxTasks"]);
        Assert.EndsWith($"/{stack}/worker:v2", parameters["WorkerImage"], StringComparison.Ordinal);
        Assert.Equal(3, publisher.Published.Count);
    }

    [Fact]
    public async Task ACertificateWithoutAnHttpsOriginIsRefusedBeforeAnythingIsDeployed()
    {
        const string stack = "certificate-without-origin";
        var publisher = new RecordingPublisher(emulator.Url, stack);
        var parameters = new Dictionary<string, string> { ["CertificateArn"] = "arn:aws:acm:us-east-1:123456789012:certificate/example" };

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DeploymentFor(publisher).DeployAsync(stack, Template, parameters, Projects, "v1", Token));

        Assert.Contains("WebOrigin", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(publisher.Published);
        Assert.DoesNotContain(stack, await AwsCli.RunAsync(emulator.Url, Token, "cloudformation", "list-stacks", "--output", "json"), StringComparison.Ordinal);
    }

    private CloudDeployment DeploymentFor(RecordingPublisher publisher)
    {
        var http = new HttpClient();
        var target = new AwsTarget("us-east-1", null, () => emulator.Url);
        var cloudFormation = new CloudFormationApi(http, target);
        return new CloudDeployment(
            cloudFormation,
            new StackDeployer(cloudFormation, NullLogger.Instance, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(2)),
            new EcrLogin(http, target),
            publisher,
            NullLogger.Instance);
    }

    private Task<JsonNode> AwsAsync(params string[] arguments) => AwsCli.JsonAsync(emulator.Url, Token, arguments);

    /// <summary>
    /// Stands in for the image build and push (see the class comment); checks that each repository exists at the
    /// moment its image would be pushed.
    /// </summary>
    private sealed class RecordingPublisher(string emulatorUrl, string stack) : IContainerImagePublisher
    {
        public List<ServiceImage> Published { get; } = [];

        public List<RegistryLogin> Login { get; } = [];

        public async Task PublishAsync(ServiceImage image, RegistryLogin login, CancellationToken cancellationToken)
        {
            var repositories = await AwsCli.JsonAsync(emulatorUrl, cancellationToken, "ecr", "describe-repositories", "--repository-names", $"{stack}/{image.Service}");
            Assert.Equal(image.RepositoryUri, repositories["repositories"]![0]!["repositoryUri"]!.GetValue<string>());
            Published.Add(image);
            Login.Add(login);
        }
    }
}
