using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage.Coordination;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Uploads;

/// <summary>
/// A one-off pass over photos made ready before originals were kept apart: each one's original is copied from where
/// the browser posted it (which a replayed form can reach, and which now expires) to <see cref="ObjectKeys.OriginalPrefix"/>,
/// and its record learns the object it accepted, so a later post to its key is refused like any other.
/// </summary>
public sealed class KeptOriginalsUpgrade(IAmazonDynamoDB dynamo, IAmazonS3 s3, IOptions<AwsResourceOptions> resources)
    : OneOffPass(dynamo, resources)
{
    public override string Name => "upgrade:kept-originals-1";

    /// <summary>Says how many originals were kept and how many were already gone.</summary>
    protected override async Task<string> RunPassAsync(CancellationToken cancellationToken)
    {
                var (kept, gone) = (0, 0);
        // Re-uploads of the same content have no original of their own; records the worker wrote since name their object.
        await foreach (var item in ScanAsync(Names.UploadsTableName, new ScanRequest
        {
            FilterExpression = "#status = :ready AND attribute_exists(#objectKey) AND attribute_not_exists(#etag) AND attribute_not_exists(#duplicateOf)",
            ProjectionExpression = "#id, #objectKey",
            ExpressionAttributeNames = new()
            {
                ["#status"] = Tables.Uploads.Status,
                ["#objectKey"] = Tables.Uploads.ObjectKey,
                ["#etag"] = Tables.Uploads.ObjectETag,
                ["#duplicateOf"] = Tables.Uploads.DuplicateOf,
                ["#id"] = Tables.Uploads.UploadId,
            },
            ExpressionAttributeValues = new() { [":ready"] = new() { S = UploadStatus.Ready } },
        }, cancellationToken))
        {
            var uploadId = item[Tables.Uploads.UploadId].S;
            CopyObjectResponse copy;
            try
            {
                copy = await s3.CopyObjectAsync(new CopyObjectRequest
                {
                    SourceBucket = Names.BucketName,
                    SourceKey = item[Tables.Uploads.ObjectKey].S,
                    DestinationBucket = Names.BucketName,
                    DestinationKey = ObjectKeys.OriginalFor(uploadId),
                }, cancellationToken);
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                gone++;
                continue;
            }

            try
            {
                await Dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = Names.UploadsTableName,
                    Key = new() { [Tables.Uploads.UploadId] = new() { S = uploadId } },
                    UpdateExpression = "SET #etag = :etag",
                    ConditionExpression = "#status = :ready AND attribute_not_exists(#etag)",
                    ExpressionAttributeNames = new() { ["#status"] = Tables.Uploads.Status, ["#etag"] = Tables.Uploads.ObjectETag },
                    ExpressionAttributeValues = new()
                    {
                        [":ready"] = new() { S = UploadStatus.Ready },
                        [":etag"] = new() { S = copy.ETag.Trim('"') },
                    },
                }, cancellationToken);
                kept++;
            }
            catch (ConditionalCheckFailedException)
            {
                // Removed meanwhile; the moderator's delete may have run before this copy, so it goes too.
                await s3.DeleteObjectAsync(Names.BucketName, ObjectKeys.OriginalFor(uploadId), cancellationToken);
            }
        }

        return $"{kept} originals kept apart, {gone} already gone";
    }
}
