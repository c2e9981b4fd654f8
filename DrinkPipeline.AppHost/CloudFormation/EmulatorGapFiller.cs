using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using DrinkPipeline.AppHost.Deployment;
using Microsoft.Extensions.Logging;

namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>
/// The emulator's CloudFormation (moto) creates the resources but skips some of their properties: bucket CORS,
/// bucket notifications, public access block and lifecycle rules, and table TTL. In local mode this applies them
/// from the same template with the plain service APIs, so the template stays the one source of truth.
/// It does not create CloudWatch alarms either; those are put with PutMetricAlarm from their template properties.
/// Nor log streams (AWS::Logs::LogStream): they are created with CreateLogStream, as the services' OTLP log export
/// needs them (the emulator's /v1/logs, like AWS's, refuses a stream that does not exist).
/// Not applied: the SQS queue policy (moto does not enforce queue policies).
/// </summary>
public sealed class EmulatorGapFiller(CloudFormationTemplate template, AwsTarget target, HttpClient http, ILogger logger)
{
    public async Task ApplyAsync(DeployedStack stack, CancellationToken cancellationToken)
    {
        var cloudWatch = new AwsQueryClient(http, target, "monitoring", "2010-08-01");
        foreach (var (_, properties) in template.Resources("AWS::CloudWatch::Alarm"))
        {
            // The alarm's CloudFormation properties are PutMetricAlarm's parameters, flattened the Query API's way.
            var resolved = (JsonObject)template.Resolve(properties, stack)!;
            await cloudWatch.CallAsync("PutMetricAlarm", [.. QueryParameters(resolved, "")], cancellationToken);
            logger.LogGapApplied("alarm", resolved["AlarmName"]!.GetValue<string>());
        }

        var logs = new AwsJsonClient(http, target, "logs", "logs", "Logs_20140328");
        foreach (var (_, properties) in template.Resources("AWS::Logs::LogStream"))
        {
            var resolved = (JsonObject)template.Resolve(properties, stack)!;
            try
            {
                await logs.CallAsync("CreateLogStream", new JsonObject
                {
                    ["logGroupName"] = resolved["LogGroupName"]!.GetValue<string>(),
                    ["logStreamName"] = resolved["LogStreamName"]!.GetValue<string>(),
                }, cancellationToken);
            }
            catch (AwsJsonException exception) when (exception.Code == "ResourceAlreadyExistsException")
            {
                // Kept from an earlier run of the same emulator.
            }

            logger.LogGapApplied("log stream", resolved["LogStreamName"]!.GetValue<string>());
        }

        var credentials = await target.GetSdkCredentialsAsync();
        using var s3 = new AmazonS3Client(credentials, target.Configure(new AmazonS3Config { ForcePathStyle = true }));
        using var dynamo = new AmazonDynamoDBClient(credentials, target.Configure(new AmazonDynamoDBConfig()));

        foreach (var (logicalId, properties) in template.Resources("AWS::S3::Bucket"))
        {
            var bucket = stack.PhysicalIds[logicalId];
            if (template.Resolve(properties["CorsConfiguration"], stack) is JsonObject cors)
            {
                await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
                {
                    BucketName = bucket,
                    Configuration = new CORSConfiguration { Rules = [.. Items(cors["CorsRules"]).Select(ToCorsRule)] },
                }, cancellationToken);
                logger.LogGapApplied("CORS", bucket);
            }

            if (template.Resolve(properties["NotificationConfiguration"], stack) is JsonObject notifications)
            {
                await s3.PutBucketNotificationAsync(new PutBucketNotificationRequest
                {
                    BucketName = bucket,
                    QueueConfigurations = [.. Items(notifications["QueueConfigurations"]).Select(ToQueueConfiguration)],
                }, cancellationToken);
                logger.LogGapApplied("event notifications", bucket);
            }

            if (properties["PublicAccessBlockConfiguration"] is JsonObject block)
            {
                await s3.PutPublicAccessBlockAsync(new PutPublicAccessBlockRequest
                {
                    BucketName = bucket,
                    PublicAccessBlockConfiguration = new PublicAccessBlockConfiguration
                    {
                        BlockPublicAcls = Bool(block["BlockPublicAcls"]),
                        BlockPublicPolicy = Bool(block["BlockPublicPolicy"]),
                        IgnorePublicAcls = Bool(block["IgnorePublicAcls"]),
                        RestrictPublicBuckets = Bool(block["RestrictPublicBuckets"]),
                    },
                }, cancellationToken);
                logger.LogGapApplied("public access block", bucket);
            }

            if (template.Resolve(properties["LifecycleConfiguration"], stack) is JsonObject lifecycle)
            {
                await s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
                {
                    BucketName = bucket,
                    Configuration = new LifecycleConfiguration { Rules = [.. Items(lifecycle["Rules"]).Select(ToLifecycleRule)] },
                }, cancellationToken);
                logger.LogGapApplied("lifecycle rules", bucket);
            }
        }

        foreach (var (logicalId, properties) in template.Resources("AWS::DynamoDB::Table"))
        {
            if (properties["TimeToLiveSpecification"] is JsonObject ttl && Bool(ttl["Enabled"]))
            {
                var table = stack.PhysicalIds[logicalId];
                await dynamo.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
                {
                    TableName = table,
                    TimeToLiveSpecification = new TimeToLiveSpecification
                    {
                        AttributeName = Text(ttl["AttributeName"]),
                        Enabled = true,
                    },
                }, cancellationToken);
                logger.LogGapApplied("time to live", table);
            }
        }
    }

    private static CORSRule ToCorsRule(JsonNode rule) => new()
    {
        Id = rule["Id"] is { } id ? Text(id) : null,
        AllowedOrigins = Strings(rule["AllowedOrigins"]),
        AllowedMethods = Strings(rule["AllowedMethods"]),
        AllowedHeaders = Strings(rule["AllowedHeaders"]),
        ExposeHeaders = Strings(rule["ExposedHeaders"]),
        MaxAgeSeconds = rule["MaxAge"] is { } maxAge ? int.Parse(Text(maxAge), CultureInfo.InvariantCulture) : null,
    };

    private static QueueConfiguration ToQueueConfiguration(JsonNode configuration) => new()
    {
        Queue = Text(configuration["Queue"]),
        Events = [Text(configuration["Event"])],
        Filter = configuration["Filter"]?["S3Key"]?["Rules"] is { } rules
            ? new Filter
            {
                S3KeyFilter = new S3KeyFilter
                {
                    FilterRules = [.. Items(rules).Select(rule => new FilterRule(Text(rule["Name"]), Text(rule["Value"])))],
                },
            }
            : null,
    };

    private static LifecycleRule ToLifecycleRule(JsonNode rule) => new()
    {
        Id = Text(rule["Id"]),
        Status = Text(rule["Status"]) == "Enabled" ? LifecycleRuleStatus.Enabled : LifecycleRuleStatus.Disabled,
        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = rule["Prefix"] is { } prefix ? Text(prefix) : "" } },
        Expiration = rule["ExpirationInDays"] is { } days
            ? new LifecycleRuleExpiration { Days = int.Parse(Text(days), CultureInfo.InvariantCulture) }
            : null,
        AbortIncompleteMultipartUpload = rule["AbortIncompleteMultipartUpload"] is { } abort
            ? new LifecycleRuleAbortIncompleteMultipartUpload
            {
                DaysAfterInitiation = int.Parse(Text(abort["DaysAfterInitiation"]), CultureInfo.InvariantCulture),
            }
            : null,
    };

    /// <summary><c>{"A":{"B":[x,y]}}</c> becomes <c>A.B.member.1=x</c>, <c>A.B.member.2=y</c>.</summary>
    private static IEnumerable<KeyValuePair<string, string>> QueryParameters(JsonNode? node, string prefix) => node switch
    {
        JsonObject obj => obj.SelectMany(pair => QueryParameters(pair.Value, $"{prefix}{pair.Key}.")),
        JsonArray array => array.SelectMany((item, index) => QueryParameters(item, $"{prefix}member.{index + 1}.")),
        JsonValue value => [KeyValuePair.Create(prefix.TrimEnd('.'), value.GetValue<string>())],
        _ => [],
    };

    private static IEnumerable<JsonNode> Items(JsonNode? node) => (node as JsonArray ?? []).OfType<JsonNode>();

    private static List<string> Strings(JsonNode? node) => [.. Items(node).Select(Text)];

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";

    private static bool Bool(JsonNode? node) => string.Equals(Text(node), "true", StringComparison.OrdinalIgnoreCase);
}
