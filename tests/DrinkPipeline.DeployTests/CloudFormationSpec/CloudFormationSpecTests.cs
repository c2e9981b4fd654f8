using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.DeployTests.CloudFormationSpec;

/// <summary>The template against AWS's published resource specification; no app needed.</summary>
public class CloudFormationSpecTests
{
    private static readonly ResourceSpecification Specification =
        ResourceSpecification.Load(Path.Combine(AppContext.BaseDirectory, "CloudFormationSpec", "resource-spec.json.gz"));

    private static JsonObject Template() =>
        CloudFormationTemplate.Load(Path.Combine(AppContext.BaseDirectory, "aws", "drink-pipeline.template.yaml")).Root.DeepClone().AsObject();

    [Fact]
    public void EveryResourcePropertyAndAttributeOfTheTemplateIsInTheSpecification()
    {
        var problems = Specification.Check(Template());

        Assert.True(problems.Count == 0, $"By {Specification.Source}:\n{string.Join('\n', problems)}");
    }

    public static TheoryData<string, string> BrokenTemplates => new()
    {
        { "misspelled property", "Resources.PhotoQueue.Properties: AWS::SQS::Queue has no property 'VisibilityTimeOut' (did you mean 'VisibilityTimeout'?)" },
        { "misspelled nested property", "Resources.PhotoBucket.Properties.CorsConfiguration.CorsRules[0]: CorsRule has no property 'AllowedMethod' (did you mean 'AllowedMethods'?)" },
        { "missing required property", "Resources.DrinksTable.Properties: AWS::DynamoDB::Table requires 'KeySchema'" },
        { "unknown attribute", "Fn::GetAtt PhotoQueue.Arnn: AWS::SQS::Queue has no attribute 'Arnn'" },
        { "unknown attribute in Fn::Sub", "Fn::GetAtt PhotoBucket.Am: AWS::S3::Bucket has no attribute 'Am'" },
        { "unknown resource type", "Resources.BarsTable: no resource type 'AWS::DynamoDB::Tables'" },
        { "object where a list belongs", "Resources.UploadsTable.Properties.AttributeDefinitions: expected a list" },
        { "misspelled container property", "Resources.WorkerTaskDefinition.Properties.ContainerDefinitions[0]: ContainerDefinition has no property 'StopTimeOut' (did you mean 'StopTimeout'?)" },
        { "misspelled property in a condition's branch", "Resources.PublicHttpListener.Properties.DefaultActions[0].RedirectConfig: RedirectConfig has no property 'Statuscode' (did you mean 'StatusCode'?)" },
        { "misspelled scaling metric property", "Resources.WorkerBacklogScaling.Properties.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification.Metrics[1]: TargetTrackingMetricDataQuery has no property 'MetricStats' (did you mean 'MetricStat'?)" },
    };

    [Theory]
    [MemberData(nameof(BrokenTemplates))]
    public void ABrokenTemplateIsCaught(string breakage, string expected)
    {
        var template = Template();
        var resources = template["Resources"]!;
        switch (breakage)
        {
            case "misspelled property":
                Rename(resources["PhotoQueue"]!["Properties"]!.AsObject(), "VisibilityTimeout", "VisibilityTimeOut");
                break;
            case "misspelled nested property":
                // Inside the Fn::If that leaves CORS out until an origin is known.
                Rename(resources["PhotoBucket"]!["Properties"]!["CorsConfiguration"]!["Fn::If"]![1]!["CorsRules"]![0]!.AsObject(), "AllowedMethods", "AllowedMethod");
                break;
            case "missing required property":
                resources["DrinksTable"]!["Properties"]!.AsObject().Remove("KeySchema");
                break;
            case "unknown attribute":
                template["Outputs"]!["QueueArn"]!["Value"] = new JsonObject { ["Fn::GetAtt"] = new JsonArray("PhotoQueue", "Arnn") };
                break;
            case "unknown attribute in Fn::Sub":
                template["Outputs"]!["BucketName"]!["Value"] = new JsonObject { ["Fn::Sub"] = "${PhotoBucket.Am}/uploads" };
                break;
            case "unknown resource type":
                resources["BarsTable"]!["Type"] = "AWS::DynamoDB::Tables";
                break;
            case "misspelled container property":
                Rename(resources["WorkerTaskDefinition"]!["Properties"]!["ContainerDefinitions"]![0]!.AsObject(), "StopTimeout", "StopTimeOut");
                break;
            case "misspelled property in a condition's branch":
                Rename(resources["PublicHttpListener"]!["Properties"]!["DefaultActions"]![0]!["Fn::If"]![1]!["RedirectConfig"]!.AsObject(), "StatusCode", "Statuscode");
                break;
            case "misspelled scaling metric property":
                Rename(resources["WorkerBacklogScaling"]!["Properties"]!["TargetTrackingScalingPolicyConfiguration"]!["CustomizedMetricSpecification"]!["Metrics"]![1]!.AsObject(), "MetricStat", "MetricStats");
                break;
            case "object where a list belongs":
                resources["UploadsTable"]!["Properties"]!["AttributeDefinitions"] = new JsonObject { ["AttributeName"] = "UploadId", ["AttributeType"] = "S" };
                break;
        }

        Assert.Contains(expected, Specification.Check(template));
    }

    private static void Rename(JsonObject properties, string from, string to)
    {
        var value = properties[from];
        properties.Remove(from);
        properties[to] = value;
    }
}
