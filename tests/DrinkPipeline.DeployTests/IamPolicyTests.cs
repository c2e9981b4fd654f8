using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.DeployTests;

/// <summary>
/// Least privilege, read from the template: one role per service, no wildcard actions, "*" resources only where AWS
/// has no resource-level permission, and exactly the permissions each service's code uses.
/// </summary>
public class IamPolicyTests
{
    private static readonly CloudFormationTemplate Template =
        CloudFormationTemplate.Load(Path.Combine(AppContext.BaseDirectory, "aws", "drink-pipeline.template.yaml"));

    /// <summary>Actions with no resource-level permission in AWS: "*" is the only resource they accept.</summary>
    private static readonly HashSet<string> AccountWideActions = ["cloudwatch:PutMetricData", "xray:PutTraceSegments", "ecr:GetAuthorizationToken"];

    private static readonly string[] Telemetry = ["cloudwatch:PutMetricData", "xray:PutTraceSegments", "logs:PutLogEvents"];

    /// <summary>What each service calls, from its code (the comment names where), plus telemetry for all.</summary>
    public static TheoryData<string, string[]> ExpectedPermissions => new()
    {
        {
            "ApiRole",
            [
                "s3:PutObject", "s3:GetObject",                              // PhotoUrls: presigned POST, and GETs of renditions
                "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query",    // UploadStore, DrinkCatalog reads
                "dynamodb:Scan",                                             // DrinkCatalog.FindBarsAsync without a prefix
                "dynamodb:DescribeTable",                                    // StorageHealthCheck (/health)
                "s3:DeleteObject", "dynamodb:DeleteItem", "dynamodb:UpdateItem", // AdminApi.DeletePhoto; UploadLimiter's counter
                .. Telemetry,
            ]
        },
        {
            "WorkerRole",
            [
                "s3:GetObject", "s3:DeleteObject", "s3:PutObject",           // PhotoProcessor: get, reject, renditions, kept original
                "s3:ListBucket",                                             // UploadOutcomePublisher: the web copies listening; a missing key's 404
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
                "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query",
                "dynamodb:Scan",                                             // the one-off passes (CatalogUpgrade, KeptOriginalsUpgrade)
                "dynamodb:DescribeTable",                                    // StorageHealthCheck (/health)
                .. Telemetry,
            ]
        },
        {
            "WebRole",
            [
                "s3:GetObject", "s3:PutObject", "s3:ListBucket",             // S3XmlRepository, FirstKeyElection: the key ring
                "s3:DeleteObject",                                           // UploadOutcomeListener: its place on the list, at stop
                "xray:PutTraceSegments", "logs:PutLogEvents",                // no pipeline metric: no PutMetricData
            ]
        },
        {
            // ECS starting a task: registry login and image pull, container log streams, the four secrets.
            "TaskExecutionRole",
            [
                "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
                "logs:CreateLogStream", "logs:PutLogEvents",
                "secretsmanager:GetSecretValue",
            ]
        },
    };

    public static TheoryData<string> ServiceRoles => ["ApiRole", "WorkerRole", "WebRole"];

    [Theory]
    [MemberData(nameof(ServiceRoles))]
    public void EachServiceRoleIsTheTaskRoleOfItsServiceAndTrustsEcsTasksOfThisAccount(string role)
    {
        var trust = Trust(role);
        var ecs = trust.Single(statement => statement["Principal"]?["Service"]?.GetValue<string>() == "ecs-tasks.amazonaws.com");
        Assert.Equal("sts:AssumeRole", ecs["Action"]!.GetValue<string>());
        Assert.Equal("AWS::AccountId", ecs["Condition"]!["StringEquals"]!["aws:SourceAccount"]!["Ref"]!.GetValue<string>());

        // The task definition of the service runs as this role; ECS itself starts it as the execution role.
        var service = role[..^"Role".Length];
        var taskDefinition = Template.Resources("AWS::ECS::TaskDefinition").Single(resource => resource.LogicalId == $"{service}TaskDefinition").Properties;
        Assert.Equal(role, taskDefinition["TaskRoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.Equal("TaskExecutionRole", taskDefinition["ExecutionRoleArn"]!["Fn::GetAtt"]![0]!.GetValue<string>());
    }

    [Fact]
    public void TheExecutionRoleIsForEcsAloneAndReachesOnlyThisStacksImagesLogsAndSecrets()
    {
        var trust = Assert.Single(Trust("TaskExecutionRole"));
        Assert.Equal("ecs-tasks.amazonaws.com", trust["Principal"]!["Service"]!.GetValue<string>());

        string[] ResourcesOf(string action) => [.. Statements("TaskExecutionRole")
            .Where(statement => Actions(statement).Contains(action))
            .SelectMany(Resources)
            .Select(resource => resource.ToJsonString())
            .Order()];

        Assert.Equal(
            ["{\"Fn::GetAtt\":[\"ApiRepository\",\"Arn\"]}", "{\"Fn::GetAtt\":[\"WebRepository\",\"Arn\"]}", "{\"Fn::GetAtt\":[\"WorkerRepository\",\"Arn\"]}"],
            ResourcesOf("ecr:BatchGetImage"));
        Assert.Equal(
            ["{\"Fn::GetAtt\":[\"ApiLogGroup\",\"Arn\"]}", "{\"Fn::GetAtt\":[\"WebLogGroup\",\"Arn\"]}", "{\"Fn::GetAtt\":[\"WorkerLogGroup\",\"Arn\"]}"],
            ResourcesOf("logs:PutLogEvents"));
        Assert.Equal(
            ["{\"Ref\":\"AdminKeySecret\"}", "{\"Ref\":\"ClientForwardingKeySecret\"}", "{\"Ref\":\"CursorKeySecret\"}", "{\"Ref\":\"OutcomePushKeySecret\"}"],
            ResourcesOf("secretsmanager:GetSecretValue"));
        Assert.Equal(["\"*\""], ResourcesOf("ecr:GetAuthorizationToken"));
    }

    [Theory]
    [InlineData("ApiRole", "DrinkPipeline.Api")]
    [InlineData("WorkerRole", "DrinkPipeline.Worker")]
    [InlineData("WebRole", "DrinkPipeline.Web")]
    public void EachServiceWritesItsOtlpLogsToItsOwnStreamWhichTheStackCreates(string role, string application)
    {
        // CloudWatch Logs' OTLP endpoint forwards only to an existing group and stream; ServiceDefaults names the
        // stream after the service's application name (its assembly).
        var stream = Assert.Single(Template.Resources("AWS::Logs::LogStream"), stream =>
            stream.Properties["LogGroupName"]?["Ref"]?.GetValue<string>() == "PipelineLogGroup" &&
            stream.Properties["LogStreamName"]!.GetValue<string>() == application).LogicalId;

        var writes = Statements(role)
            .Where(statement => Actions(statement).Contains("logs:PutLogEvents"))
            .SelectMany(Resources)
            .Select(resource => resource["Fn::Sub"]!.GetValue<string>());
        Assert.Equal([$"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:${{PipelineLogGroup}}:log-stream:${{{stream}}}"], writes);
    }

    [Theory]
    [MemberData(nameof(ExpectedPermissions))]
    public void EachServiceRoleGrantsExactlyWhatTheServiceUses(string role, string[] expected)
    {
        var granted = Statements(role).SelectMany(statement => Actions(statement)).ToHashSet();

        Assert.Equal(expected.Order(), granted.Order());
    }

    [Fact]
    public void NoStatementUsesAWildcardActionOrAnUnscopedResource()
    {
        var roles = Template.Resources("AWS::IAM::Role").Select(resource => resource.LogicalId).ToList();
        Assert.Equal(["ApiRole", "WorkerRole", "WebRole", "TaskExecutionRole"], roles);

        foreach (var role in roles)
        {
            foreach (var statement in Statements(role))
            {
                var actions = Actions(statement).ToList();
                Assert.All(actions, action => Assert.DoesNotContain('*', action));
                Assert.Equal("Allow", statement["Effect"]!.GetValue<string>());

                foreach (var resource in Resources(statement))
                {
                    if (resource is JsonValue value && value.GetValue<string>() == "*")
                    {
                        Assert.Subset(AccountWideActions, actions.ToHashSet());
                        continue;
                    }

                    // Anything else names one of this stack's resources (GetAtt, Ref, or a Sub on one of them).
                    var text = resource.ToJsonString();
                    var isStackResource = text.Contains("Fn::GetAtt", StringComparison.Ordinal) || text.Contains("${", StringComparison.Ordinal) ||
                        (resource["Ref"]?.GetValue<string>() is { } logicalId && Template.Root["Resources"]![logicalId] is not null);
                    Assert.True(isStackResource, $"{role}: {text} is not one of the stack's resources");
                }
            }
        }
    }

    [Fact]
    public void TheApiReadsOnlyRenditionsNeverOriginals()
    {
        string[] readable = [.. Statements("ApiRole")
            .Where(statement => Actions(statement).Contains("s3:GetObject"))
            .SelectMany(Resources)
            .Select(resource => resource.ToJsonString())];

        // Originals keep the uploader's EXIF, GPS included: a presigned GET the API signs can only reach renditions.
        Assert.Equal(["{\"Fn::Sub\":\"${PhotoBucket.Arn}/derived/*\"}"], readable);
    }

    [Fact]
    public void NoRoleReadsKeptOriginalsAndOnlyTheWorkerWritesThem()
    {
        const string originals = "{\"Fn::Sub\":\"${PhotoBucket.Arn}/originals/*\"}";
        string[] roles = [.. Template.Resources("AWS::IAM::Role").Select(resource => resource.LogicalId)];

        var grants = roles
            .SelectMany(role => Statements(role)
                .Where(statement => Resources(statement).Any(resource => resource.ToJsonString() == originals))
                .SelectMany(statement => Actions(statement).Select(action => $"{role} {action}")))
            .Order(StringComparer.Ordinal);

        // A replayed upload form reaches uploads/ only; what the worker kept there is deleted with its photo and never
        // read back through anything a visitor can reach.
        Assert.Equal(["ApiRole s3:DeleteObject", "WorkerRole s3:DeleteObject", "WorkerRole s3:PutObject"], grants);
    }

    [Fact]
    public void PutMetricDataIsHeldToThePipelineNamespace()
    {
        var statement = Statements("ApiRole").Single(statement => Actions(statement).Contains("cloudwatch:PutMetricData"));

        Assert.Equal("DrinkPipeline", statement["Condition"]!["StringEquals"]!["cloudwatch:namespace"]!.GetValue<string>());
    }

    /// <summary>A role's inline statements and those of the managed policies it attaches.</summary>
    private static IEnumerable<JsonObject> Statements(string role)
    {
        var properties = Template.Resources("AWS::IAM::Role").Single(resource => resource.LogicalId == role).Properties;
        var inline = (properties["Policies"] as JsonArray ?? []).SelectMany(policy => policy!["PolicyDocument"]!["Statement"]!.AsArray());
        var managed = (properties["ManagedPolicyArns"] as JsonArray ?? [])
            .Select(reference => reference!["Ref"]!.GetValue<string>())
            .SelectMany(id => Template.Resources("AWS::IAM::ManagedPolicy").Single(policy => policy.LogicalId == id).Properties["PolicyDocument"]!["Statement"]!.AsArray());
        return inline.Concat(managed).Cast<JsonObject>();
    }

    private static List<JsonObject> Trust(string role) =>
        [.. Template.Resources("AWS::IAM::Role").Single(resource => resource.LogicalId == role)
            .Properties["AssumeRolePolicyDocument"]!["Statement"]!.AsArray().Cast<JsonObject>()];

    private static IEnumerable<string> Actions(JsonObject statement) => statement["Action"] switch
    {
        JsonArray many => many.Select(action => action!.GetValue<string>()),
        var one => [one!.GetValue<string>()],
    };

    private static IEnumerable<JsonNode> Resources(JsonObject statement) => statement["Resource"] switch
    {
        JsonArray many => many.Select(resource => resource!),
        var one => [one!],
    };
}
