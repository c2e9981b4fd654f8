using System.Text.Json.Nodes;
using DrinkPipeline.AppHost.CloudFormation;
using DrinkPipeline.Storage;

namespace DrinkPipeline.DeployTests;

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
    public void TheTemplateSentToCloudFormationFitsTheInlineLimit()
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(Template.Body);

        // The commented YAML alone is over the limit; CreateStack would refuse it on AWS (the emulator does not check).
        Assert.True(bytes < CloudFormationTemplate.MaxInlineBytes, $"the template body is {bytes} bytes; CloudFormation takes {CloudFormationTemplate.MaxInlineBytes} inline");
        Assert.True(new FileInfo(Path.Combine(AppContext.BaseDirectory, "aws", "drink-pipeline.template.yaml")).Length > bytes);
    }

    [Fact]
    public void TheBodyIsTheTemplateWithYamlsTypesKept()
    {
        var body = JsonNode.Parse(Template.Body)!.AsObject();

        // Same tree as the YAML, value for value.
        Assert.True(JsonNode.DeepEquals(Template.Root, AsStrings(body)));
        // Unquoted numbers and booleans stay numbers and booleans; quoted ones stay strings.
        var queue = body["Resources"]!["PhotoDeadLetterQueue"]!["Properties"]!;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, queue["MessageRetentionPeriod"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.True, queue["SqsManagedSseEnabled"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.String, body["AWSTemplateFormatVersion"]!.GetValueKind());
        Assert.Equal(System.Text.Json.JsonValueKind.String, body["Resources"]!["WebTargetGroup"]!["Properties"]!["Matcher"]!["HttpCode"]!.GetValueKind());
    }

    private static JsonNode? AsStrings(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, AsStrings(pair.Value)))),
        JsonArray array => new JsonArray([.. array.Select(AsStrings)]),
        JsonValue value when value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False =>
            JsonValue.Create(value.GetValue<bool>() ? "true" : "false"),
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.Number => JsonValue.Create(value.ToJsonString()),
        _ => node?.DeepClone(),
    };

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
    public void LandedUploadsOutliveEveryEventThatCanStillNameThem()
    {
        var bucket = Assert.Single(Template.Resources("AWS::S3::Bucket")).Properties;
        var rule = Template.Resolve(bucket["LifecycleConfiguration"], Stack)!["Rules"]!.AsArray().Single(rule => rule!["Prefix"]?.GetValue<string>() == "uploads/")!;
        var deadLetters = Template.Resources("AWS::SQS::Queue").Single(queue => queue.LogicalId == "PhotoDeadLetterQueue").Properties;

        var landedFor = TimeSpan.FromDays(int.Parse(rule["ExpirationInDays"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));
        var eventsWaitUpTo = TimeSpan.FromSeconds(int.Parse(deadLetters["MessageRetentionPeriod"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture));

        // A dead-lettered event redriven on its last day must still find its object.
        Assert.True(landedFor > eventsWaitUpTo, $"uploads/ expires after {landedFor.TotalDays} days; events wait up to {eventsWaitUpTo.TotalDays}");
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
