using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The template as the AppHost reads it; no app needed.</summary>
public class CloudFormationTemplateTests
{
    private static readonly CloudFormationTemplate Template =
        CloudFormationTemplate.Load(Path.Combine(AppContext.BaseDirectory, "aws", "drink-pipeline.template.yaml"));

    private static readonly DeployedStack Stack = new(
        "drink-pipeline",
        "us-east-1",
        new Dictionary<string, string> { ["WebOrigin"] = "http://localhost:5080" },
        new Dictionary<string, string> { ["QueueArn"] = "arn:aws:sqs:us-east-1:123456789012:photo-events" },
        new Dictionary<string, string> { ["PhotoBucket"] = "photos-bucket" });

    [Fact]
    public void OutputsCoverEveryResourceNameTheServicesRequire()
    {
        var required = typeof(AwsResourceOptions).GetProperties().Select(property => property.Name);

        Assert.Subset(Template.OutputKeys.ToHashSet(), required.ToHashSet());
    }

    [Fact]
    public void ResolveFillsParametersDefaultsAndExportedAttributes()
    {
        var bucket = Assert.Single(Template.Resources("AWS::S3::Bucket")).Properties;

        var cors = Template.Resolve(bucket["CorsConfiguration"], Stack)!;
        var notifications = Template.Resolve(bucket["NotificationConfiguration"], Stack)!;
        var lifecycle = Template.Resolve(bucket["LifecycleConfiguration"], Stack)!;

        Assert.Equal("http://localhost:5080", cors["CorsRules"]![0]!["AllowedOrigins"]![0]!.GetValue<string>());
        Assert.Equal(Stack.Outputs["QueueArn"], notifications["QueueConfigurations"]![0]!["Queue"]!.GetValue<string>());
        Assert.Equal("uploads/", notifications["QueueConfigurations"]![0]!["Filter"]!["S3Key"]!["Rules"]![0]!["Value"]!.GetValue<string>());
        Assert.Equal("1", lifecycle["Rules"]![0]!["AbortIncompleteMultipartUpload"]!["DaysAfterInitiation"]!.GetValue<string>());
    }

    [Fact]
    public void ResolveSubstitutesPseudoParametersAndExportedAttributes()
    {
        var node = JsonNode.Parse("""{"Fn::Sub":"${AWS::StackName}|${WebOrigin}|${PhotoQueue.Arn}"}""");

        var resolved = Template.Resolve(node, Stack)!.GetValue<string>();

        Assert.Equal("drink-pipeline|http://localhost:5080|arn:aws:sqs:us-east-1:123456789012:photo-events", resolved);
    }

    [Fact]
    public void ResolveRefusesAnAttributeTheStackDoesNotExport()
    {
        var node = JsonNode.Parse("""{"Fn::GetAtt":["PhotoDeadLetterQueue","Arn"]}""");

        var error = Assert.Throws<InvalidOperationException>(() => Template.Resolve(node, Stack));

        Assert.Contains("export it as a stack output", error.Message);
    }

    [Fact]
    public void TheLookupTableKeepsTheOriginalKeySchema()
    {
        var drinks = Template.Resources("AWS::DynamoDB::Table").Single(table => table.LogicalId == "DrinksTable").Properties;

        var keys = drinks["KeySchema"]!.AsArray().Select(key => (key!["AttributeName"]!.GetValue<string>(), key["KeyType"]!.GetValue<string>()));

        Assert.Equal([("BarName", "HASH"), ("DrinkName", "RANGE")], keys);
    }
}
