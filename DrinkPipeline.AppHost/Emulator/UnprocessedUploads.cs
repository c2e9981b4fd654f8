using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.SQS;
using DrinkPipeline.AppHost;
using DrinkPipeline.AppHost.CloudFormation;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// After a restart with local data: an upload whose file reached the bucket before the stop, but whose event the worker
/// had not finished, is still pending, and neither its event (queues are not kept) nor its restored object (restored
/// objects fire no event) brings it to the worker. This sends such uploads their event again, as S3 would have.
/// </summary>
public static class UnprocessedUploads
{
    /// <summary>Sends the event of every pending upload whose object is in the bucket; returns how many.</summary>
    public static async Task<int> ResendAsync(DeployedStack stack, AwsTarget target, ILogger logger, CancellationToken cancellationToken)
    {
        var credentials = await target.GetSdkCredentialsAsync();
        using var dynamo = new AmazonDynamoDBClient(credentials, target.Configure(new AmazonDynamoDBConfig()));
        using var s3 = new AmazonS3Client(credentials, target.Configure(new AmazonS3Config { ForcePathStyle = true }));
        using var sqs = new AmazonSQSClient(credentials, target.Configure(new AmazonSQSConfig()));
        var bucket = stack.Outputs["BucketName"];
        var sent = 0;
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            // A scan is fine here: local tables are small, and this runs once per start.
            var page = await dynamo.ScanAsync(new ScanRequest
            {
                TableName = stack.Outputs["UploadsTableName"],
                FilterExpression = "#status = :pending",
                ProjectionExpression = "#key",
                ExpressionAttributeNames = new() { ["#status"] = Tables.Uploads.Status, ["#key"] = Tables.Uploads.ObjectKey },
                ExpressionAttributeValues = new() { [":pending"] = new() { S = UploadStatus.Pending } },
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                var key = item[Tables.Uploads.ObjectKey].S;
                Amazon.S3.Model.GetObjectMetadataResponse head;
                try
                {
                    head = await s3.GetObjectMetadataAsync(bucket, key, cancellationToken);
                }
                catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
                {
                    continue; // never uploaded: it waits for its file like any pending upload
                }

                await sqs.SendMessageAsync(stack.Outputs["QueueUrl"], EventFor(bucket, key, head), cancellationToken);
                sent++;
            }

            startKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);

        if (sent > 0)
        {
            logger.LogResent(sent);
        }

        return sent;
    }

    /// <summary>An S3 "object created" event as S3 sends it (keys form-encoded, the ETag unquoted).</summary>
    private static string EventFor(string bucket, string key, Amazon.S3.Model.GetObjectMetadataResponse head) =>
        JsonSerializer.Serialize(new
        {
            Records = new[]
            {
                new
                {
                    eventVersion = "2.1",
                    eventSource = "aws:s3",
                    eventTime = (head.LastModified ?? DateTime.UtcNow).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    eventName = "ObjectCreated:Post",
                    s3 = new
                    {
                        bucket = new { name = bucket },
                        @object = new { key = WebUtility.UrlEncode(key), size = head.ContentLength, eTag = head.ETag?.Trim('"') },
                    },
                },
            },
        });

}
