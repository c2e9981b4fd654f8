using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;
using DrinkPipeline.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// The compute-enabled template (image parameters set to made-up URIs) deployed to the emulator, through the AppHost's
/// own deployer: the references between resources resolve and the cluster, services, task definitions, load
/// balancers, listeners and target groups exist as declared. What the emulator's CloudFormation does not keep (task
/// and execution roles, secrets' sources, scaling, Secrets Manager) is checked from the template in
/// ComputeTemplateTests and IamPolicyTests (tests/DrinkPipeline.DeployTests). Neither proves AWS accepts the stack.
/// </summary>
public class ComputeStackTests(StandaloneEmulator emulator) : IClassFixture<StandaloneEmulator>
{
    private const string Registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

    private static readonly CloudFormationTemplate Template = StackTemplate.Loaded;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheComputeIsCreatedAsDeclaredAndWiredToTheStacksOwnResources()
    {
        const string stack = "compute";
        var outputs = await DeployAsync(stack, new()
        {
            ["ApiImage"] = $"{Registry}/{stack}/api:t1",
            ["WorkerImage"] = $"{Registry}/{stack}/worker:t1",
            ["WebImage"] = $"{Registry}/{stack}/web:t1",
        });

        var cluster = await AwsAsync("ecs", "describe-clusters", "--clusters", stack);
        Assert.Equal(stack, Assert.Single(cluster["clusters"]!.AsArray())!["clusterName"]!.GetValue<string>());
        var services = (await AwsAsync("ecs", "describe-services", "--cluster", stack, "--services", "api", "worker", "web"))["services"]!.AsArray();
        Assert.Equal(
            [("api", 2), ("web", 2), ("worker", 1)],
            services.Select(service => (service!["serviceName"]!.GetValue<string>(), service["desiredCount"]!.GetValue<int>())).Order());

        var loadBalancers = (await AwsAsync("elbv2", "describe-load-balancers"))["LoadBalancers"]!.AsArray();
        var publicBalancer = loadBalancers.Single(balancer => balancer!["Scheme"]!.GetValue<string>() == "internet-facing")!;
        var apiBalancer = loadBalancers.Single(balancer => balancer!["Scheme"]!.GetValue<string>() == "internal")!;
        Assert.Equal($"http://{publicBalancer["DNSName"]}", outputs["WebUrl"]);
        // Browsers send the origin in lower case; the bucket's CORS rule is this exact string.
        Assert.Equal(outputs["WebUrl"].ToLowerInvariant(), outputs["WebUrl"]);

        // Each service's container: its image, its port, its container log group, and the settings the AppHost gives
        // it locally, with the same values (the stack's outputs).
        foreach (var service in services)
        {
            var name = service!["serviceName"]!.GetValue<string>();
            var definition = (await AwsAsync("ecs", "describe-task-definition", "--task-definition", service["taskDefinition"]!.GetValue<string>()))["taskDefinition"]!;
            var container = Assert.Single(definition["containerDefinitions"]!.AsArray())!;
            Assert.Equal($"{Registry}/{stack}/{name}:t1", container["image"]!.GetValue<string>());
            Assert.Equal($"/drink-pipeline/{stack}/containers/{name}", container["logConfiguration"]!["options"]!["awslogs-group"]!.GetValue<string>());
            var ports = container["portMappings"]?.AsArray().Select(port => port!["containerPort"]!.GetValue<int>()).ToArray() ?? [];
            Assert.Equal(name == "worker" ? [] : [8080], ports);

            var environment = container["environment"]!.AsArray().ToDictionary(
                variable => variable!["name"]!.GetValue<string>(), variable => variable!["value"]!.GetValue<string>());
            var secrets = container["secrets"]?.AsArray().Select(secret => secret!["name"]!.GetValue<string>()).Order().ToArray() ?? [];
            Assert.Equal(ExpectedResourceSettings[name].Order(), environment.Keys.Where(key => key.StartsWith("AWS__Resources__", StringComparison.Ordinal)).Select(key => key["AWS__Resources__".Length..]).Order());
            foreach (var (key, value) in environment.Where(variable => variable.Key.StartsWith("AWS__Resources__", StringComparison.Ordinal)))
            {
                Assert.Equal(outputs[key["AWS__Resources__".Length..]], value);
            }

            Assert.Equal("us-east-1", environment["AWS__Region"]);
            Assert.DoesNotContain("AWS__ServiceURL", environment.Keys);
            Assert.DoesNotContain("AWS__RoleArn", environment.Keys);
            Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", environment.Keys);
            // The keys are secrets, never plain values.
            Assert.Equal(ExpectedSecrets[name], secrets);
            Assert.Empty(environment.Keys.Intersect(secrets));
            if (name == "worker")
            {
                Assert.Equal("2", environment["MALLOC_ARENA_MAX"]);
            }

            if (name == "web")
            {
                Assert.Equal($"http://{apiBalancer["DNSName"]}", environment["services__api__http__0"]);
                Assert.Equal(["10.40.0.0/24", "10.40.1.0/24"], [environment["ForwardedHeaders__KnownNetworks__0"], environment["ForwardedHeaders__KnownNetworks__1"]]);
            }
        }

        // The public balancer forwards HTTP to the web app, the internal one to the API; both judge health by /alive.
        await AssertForwardsAsync(publicBalancer, port: 80, healthPath: "/alive");
        await AssertForwardsAsync(apiBalancer, port: 80, healthPath: "/alive");
    }

    [Fact]
    public async Task WithoutImagesNoComputeIsCreated()
    {
        const string stack = "data-only";
        var outputs = await DeployAsync(stack, new() { ["WebOrigin"] = "http://localhost:5080" });

        var created = (await AwsAsync("cloudformation", "describe-stack-resources", "--stack-name", stack))["StackResources"]!.AsArray()
            .Where(resource => resource!["PhysicalResourceId"] is not null)
            .Select(resource => resource!["ResourceType"]!.GetValue<string>())
            .ToHashSet();
        Assert.DoesNotContain(created, type => type.StartsWith("AWS::ECS::", StringComparison.Ordinal) ||
            type.StartsWith("AWS::ElasticLoadBalancingV2::", StringComparison.Ordinal) || type.StartsWith("AWS::EC2::", StringComparison.Ordinal));
        Assert.DoesNotContain("WebUrl", outputs.Keys);
        Assert.DoesNotContain((await AwsAsync("ecs", "list-clusters"))["clusterArns"]!.AsArray(), arn => arn!.GetValue<string>().EndsWith($"/{stack}", StringComparison.Ordinal));
    }

    /// <summary>What the AppHost gives each service locally (all outputs the code reads; the web app only two).</summary>
    private static readonly Dictionary<string, string[]> ExpectedResourceSettings = new()
    {
        ["api"] = [.. RequiredResourceNames(), "LogGroupName"],
        ["worker"] = [.. RequiredResourceNames(), "LogGroupName"],
        ["web"] = ["BucketName", "LogGroupName"],
    };

    private static readonly Dictionary<string, string[]> ExpectedSecrets = new()
    {
        ["api"] = ["Admin__Key", "ClientForwarding__Key", "Paging__CursorKey"],
        ["worker"] = ["OutcomePush__Key"],
        ["web"] = ["ClientForwarding__Key", "OutcomePush__Key"],
    };

    private static IEnumerable<string> RequiredResourceNames() =>
        typeof(AwsResourceOptions).GetProperties()
            .Where(property => property.IsDefined(typeof(System.ComponentModel.DataAnnotations.RequiredAttribute), inherit: false))
            .Select(property => property.Name);

    private async Task AssertForwardsAsync(JsonNode balancer, int port, string healthPath)
    {
        var listener = Assert.Single((await AwsAsync("elbv2", "describe-listeners", "--load-balancer-arn", balancer["LoadBalancerArn"]!.GetValue<string>()))["Listeners"]!.AsArray())!;
        Assert.Equal(port, listener["Port"]!.GetValue<int>());
        var action = Assert.Single(listener["DefaultActions"]!.AsArray())!;
        Assert.Equal("forward", action["Type"]!.GetValue<string>());
        var group = Assert.Single((await AwsAsync("elbv2", "describe-target-groups", "--target-group-arns", action["TargetGroupArn"]!.GetValue<string>()))["TargetGroups"]!.AsArray())!;
        Assert.Equal((healthPath, 8080, "ip"), (group["HealthCheckPath"]!.GetValue<string>(), group["Port"]!.GetValue<int>(), group["TargetType"]!.GetValue<string>()));
    }

    private async Task<IReadOnlyDictionary<string, string>> DeployAsync(string stack, Dictionary<string, string> parameters)
    {
        using var http = new HttpClient();
        var api = new CloudFormationApi(http, new AwsTarget("us-east-1", null, () => emulator.Url));
        var deployed = await new StackDeployer(api, NullLogger.Instance, TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(2))
            .DeployAsync(stack, Template.Body, parameters, Token);
        return deployed.Outputs;
    }

    private Task<JsonNode> AwsAsync(params string[] arguments) => AwsCli.JsonAsync(emulator.Url, Token, arguments);
}
