using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Least privilege, read from the template: one role per service, no wildcard actions, "*" resources only where AWS
/// has no resource-level permission, and exactly the permissions each service's code uses.
/// </summary>
public class IamPolicyTests
{
    private static readonly CloudFormationTemplate Template =
        CloudFormationTemplate.Load(Path.Combine(AppContext.BaseDirectory, "aws", "drink-pipeline.template.yaml"));

    /// <summary>Actions with no resource-level permission in AWS: "*" is the only resource they accept.</summary>
    private static readonly HashSet<string> AccountWideActions = ["cloudwatch:PutMetricData", "xray:PutTraceSegments"];

    private static readonly string[] Telemetry = ["cloudwatch:PutMetricData", "xray:PutTraceSegments", "logs:CreateLogStream", "logs:PutLogEvents"];

    /// <summary>What each service calls, from its code (the comment names where), plus telemetry for all.</summary>
    public static TheoryData<string, string[]> ExpectedPermissions => new()
    {
        {
            "ApiRole",
            [
                "s3:PutObject", "s3:GetObject",                              // PhotoUrls: presigned POST and GETs
                "dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:Query",    // UploadStore, DrinkCatalog reads
                "dynamodb:Scan",                                             // DrinkCatalog.FindBarsAsync without a prefix
                "s3:DeleteObject", "dynamodb:DeleteItem", "dynamodb:UpdateItem", // AdminApi.DeletePhoto; UploadLimiter's counter
                .. Telemetry,
            ]
        },
        {
            "WorkerRole",
            [
                "s3:GetObject", "s3:DeleteObject", "s3:PutObject",           // PhotoProcessor: head/get, reject, derivatives
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
                "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query",
                .. Telemetry,
            ]
        },
        {
            "WebRole",
            [
                "s3:GetObject", "s3:PutObject", "s3:ListBucket",             // S3XmlRepository, FirstKeyElection: the key ring
                .. Telemetry,
            ]
        },
    };

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
        Assert.Equal(["ApiRole", "WorkerRole", "WebRole"], roles);

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

                    // Anything else names one of this stack's resources (GetAtt, or a Sub on one of them).
                    var text = resource.ToJsonString();
                    Assert.True(text.Contains("Fn::GetAtt", StringComparison.Ordinal) || text.Contains("${", StringComparison.Ordinal),
                        $"{role}: {text} is not one of the stack's resources");
                }
            }
        }
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
