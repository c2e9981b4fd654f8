using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.DeployTests;

/// <summary>
/// The parts of the compute the emulator's CloudFormation skips (Application Auto Scaling, Secrets Manager) or keeps
/// only in part, read from the template: their shape here, their names by <see cref="CloudFormationSpec.CloudFormationSpecTests"/>.
/// </summary>
public class ComputeTemplateTests
{
    private static readonly CloudFormationTemplate Template =
        CloudFormationTemplate.Load(Path.Combine(AppContext.BaseDirectory, "aws", "drink-pipeline.template.yaml"));

    private static JsonObject Resource(string logicalId) => Template.Root["Resources"]![logicalId]!.AsObject();

    private static JsonObject Properties(string logicalId) => Resource(logicalId)["Properties"]!.AsObject();

    [Fact]
    public void TheWorkerIsScaledToHoldTheQueueBacklogPerRunningTask()
    {
        var target = Properties("WorkerScalableTarget");
        Assert.Equal("WorkerMinTasks", target["MinCapacity"]!["Ref"]!.GetValue<string>());
        Assert.Equal("WorkerMaxTasks", target["MaxCapacity"]!["Ref"]!.GetValue<string>());
        Assert.Equal("service/${Cluster}/${WorkerService.Name}", target["ResourceId"]!["Fn::Sub"]!.GetValue<string>());

        var policy = Properties("WorkerBacklogScaling");
        Assert.Equal("TargetTrackingScaling", policy["PolicyType"]!.GetValue<string>());
        var tracking = policy["TargetTrackingScalingPolicyConfiguration"]!;
        Assert.Equal("WorkerBacklogPerTask", tracking["TargetValue"]!["Ref"]!.GetValue<string>());
        var queries = tracking["CustomizedMetricSpecification"]!["Metrics"]!.AsArray().Cast<JsonObject>().ToDictionary(query => query["Id"]!.GetValue<string>());

        var waiting = queries["waiting"]["MetricStat"]!["Metric"]!;
        Assert.Equal(("AWS/SQS", "ApproximateNumberOfMessagesVisible"), (waiting["Namespace"]!.GetValue<string>(), waiting["MetricName"]!.GetValue<string>()));
        Assert.Equal("PhotoQueue", waiting["Dimensions"]![0]!["Value"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        var tasks = queries["tasks"]["MetricStat"]!["Metric"]!;
        Assert.Equal(("ECS/ContainerInsights", "RunningTaskCount"), (tasks["Namespace"]!.GetValue<string>(), tasks["MetricName"]!.GetValue<string>()));
        Assert.Equal("WorkerService", tasks["Dimensions"]![1]!["Value"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        // Only the quotient is tracked; RunningTaskCount exists only with Container Insights on.
        var tracked = Assert.Single(queries.Values, query => query["ReturnData"]!.GetValue<string>() == "true");
        Assert.Equal("waiting / tasks", tracked["Expression"]!.GetValue<string>());
        Assert.Contains(Properties("Cluster")["ClusterSettings"]!.AsArray(), setting =>
            setting!["Name"]!.GetValue<string>() == "containerInsights" && setting["Value"]!.GetValue<string>() == "enabled");
        // At least one task, so the divisor is never zero.
        Assert.Equal("1", Template.Root["Parameters"]!["WorkerMinTasks"]!["MinValue"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Web")]
    public void ApiAndWebAreScaledOnCpu(string service)
    {
        var target = Properties($"{service}ScalableTarget");
        Assert.Equal($"{service}MinTasks", target["MinCapacity"]!["Ref"]!.GetValue<string>());
        Assert.Equal($"{service}MaxTasks", target["MaxCapacity"]!["Ref"]!.GetValue<string>());
        var tracking = Properties($"{service}CpuScaling")["TargetTrackingScalingPolicyConfiguration"]!;
        Assert.Equal("ECSServiceAverageCPUUtilization", tracking["PredefinedMetricSpecification"]!["PredefinedMetricType"]!.GetValue<string>());
    }

    [Fact]
    public void TheKeysAreGeneratedSecretsThatReachTheTasksAsEcsSecrets()
    {
        foreach (var secret in new[] { "AdminKeySecret", "ClientForwardingKeySecret", "OutcomePushKeySecret", "CursorKeySecret" })
        {
            var generate = Properties(secret)["GenerateSecretString"]!;
            Assert.True(int.Parse(generate["PasswordLength"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= 32);
            Assert.Null(Properties(secret)["SecretString"]);
        }

        Dictionary<string, string> SecretsOf(string taskDefinition) =>
            Properties(taskDefinition)["ContainerDefinitions"]![0]!["Secrets"]!.AsArray()
                .ToDictionary(secret => secret!["Name"]!.GetValue<string>(), secret => secret!["ValueFrom"]!["Ref"]!.GetValue<string>());

        Assert.Equal(new Dictionary<string, string> { ["Admin__Key"] = "AdminKeySecret", ["ClientForwarding__Key"] = "ClientForwardingKeySecret", ["Paging__CursorKey"] = "CursorKeySecret" }, SecretsOf("ApiTaskDefinition"));
        Assert.Equal(new Dictionary<string, string> { ["ClientForwarding__Key"] = "ClientForwardingKeySecret", ["OutcomePush__Key"] = "OutcomePushKeySecret" }, SecretsOf("WebTaskDefinition"));
        Assert.Equal(new Dictionary<string, string> { ["OutcomePush__Key"] = "OutcomePushKeySecret" }, SecretsOf("WorkerTaskDefinition"));
    }

    /// <summary>Local mode passes no images: nothing that runs or costs by the hour may exist then.</summary>
    [Fact]
    public void EveryComputeResourceDependsOnTheImages()
    {
        string[] computeTypes = ["AWS::ECS::", "AWS::EC2::", "AWS::ElasticLoadBalancingV2::", "AWS::ApplicationAutoScaling::", "AWS::SecretsManager::"];
        var compute = Template.Root["Resources"]!.AsObject()
            .Where(resource => computeTypes.Any(prefix => resource.Value!["Type"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal)))
            .Select(resource => resource.Key)
            .Concat(["TaskExecutionRole", "ApiLogGroup", "WorkerLogGroup", "WebLogGroup"])
            .ToList();

        Assert.True(compute.Count > 30, $"only {compute.Count} compute resources found");
        var empty = new DeployedStack("local", "us-east-1", new Dictionary<string, string> { ["WebOrigin"] = "http://localhost:5080" }, new Dictionary<string, string>(), new Dictionary<string, string>());
        var withImages = empty with { Parameters = new Dictionary<string, string> { ["ApiImage"] = "a", ["WorkerImage"] = "w", ["WebImage"] = "x" } };
        Assert.All(compute, logicalId =>
        {
            var condition = Resource(logicalId)["Condition"]?.GetValue<string>();
            Assert.True(condition is not null, $"{logicalId} has no condition");
            Assert.False(Template.IsTrue(condition, empty), $"{logicalId} would exist without images");
            Assert.True(Template.IsTrue(condition, withImages) || condition == "HasComputeWithCertificate", $"{logicalId} would not exist with images");
        });
    }

    [Fact]
    public void TheBucketAllowsThePublicOriginOnly()
    {
        var local = new DeployedStack("local", "us-east-1", new Dictionary<string, string> { ["WebOrigin"] = "http://localhost:5080" }, new Dictionary<string, string>(), new Dictionary<string, string>());
        var cors = Template.Resolve(Properties("PhotoBucket")["CorsConfiguration"], local)!;
        Assert.Equal("http://localhost:5080", Assert.Single(cors["CorsRules"]![0]!["AllowedOrigins"]!.AsArray())!.GetValue<string>());

        // No origin and no compute (the deploy's first pass, before the load balancer exists): no CORS rule at all.
        var firstPass = local with { Parameters = new Dictionary<string, string>() };
        Assert.Null(Template.Resolve(Properties("PhotoBucket")["CorsConfiguration"], firstPass));
    }
}
