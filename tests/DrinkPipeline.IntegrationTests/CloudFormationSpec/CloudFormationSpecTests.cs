using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.IntegrationTests.CloudFormationSpec;

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
                Rename(resources["PhotoBucket"]!["Properties"]!["CorsConfiguration"]!["CorsRules"]![0]!.AsObject(), "AllowedMethods", "AllowedMethod");
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
