using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage.Catalog;
using DrinkPipeline.Storage.Coordination;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Uploads;

/// <summary>The uploads table: one status record per upload, from presign to its end (ready, rejected, failed, removed).</summary>
public sealed class UploadStore(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources, TimeProvider time)
{
    private string TableName => resources.Value.UploadsTableName;

    /// <summary>
    /// Creates a new upload's record and counts it in its client's window, in one transaction (one request): every API
    /// copy shares the count, and an upload refused for the limit leaves no record. False when the window is full.
    /// </summary>
    public async Task<bool> CreateWithinLimitAsync(UploadRecord record, UploadWindow window, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new()
                    {
                        Put = new Put
                        {
                            TableName = TableName,
                            Item = UploadItems.ToItem(record),
                            ConditionExpression = "attribute_not_exists(#id)",
                            ExpressionAttributeNames = new() { ["#id"] = Tables.Uploads.UploadId },
                        },
                    },
                    new() { Update = window.CountOneMore(resources.Value.CoordinationTableName) },
                ],
            }, cancellationToken);
            return true;
        }
        catch (TransactionCanceledException exception) when (exception.CancellationReasons?.ElementAtOrDefault(1)?.Code == "ConditionalCheckFailed")
        {
            return false;
        }
    }

    /// <summary>
    /// An upload and the upload whose photo it shows: itself, or for a re-upload the earlier upload it repeats (null
    /// when that record is gone). Both null for an id that is not an upload id.
    /// </summary>
    public async Task<(UploadRecord? Upload, UploadRecord? PhotoOwner)> GetWithPhotoOwnerAsync(string uploadId, CancellationToken cancellationToken)
    {
        var upload = ObjectKeys.IsUploadId(uploadId) ? await GetAsync(uploadId, cancellationToken) : null;
        return (upload, upload?.DuplicateOf is { } original ? await GetAsync(original, cancellationToken) : upload);
    }

    public async Task<UploadRecord?> GetAsync(string uploadId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = TableName,
            Key = new() { [Tables.Uploads.UploadId] = new() { S = uploadId } },
            ConsistentRead = true,
        }, cancellationToken);

        return response.Item is { Count: > 0 } item ? UploadItems.ToRecord(item) : null;
    }

    /// <summary>
    /// Marks the upload ready. When its content duplicates an earlier photo of the drink, the upload points at that
    /// photo (<c>DuplicateOf</c>, and its object key) instead of adding a second one. False when the upload's record
    /// names another object (see <see cref="ReadyChange"/>): nothing was written.
    /// </summary>
    public async Task<bool> MarkReadyAsync(UploadRecord upload, ExistingPhoto? duplicateOf, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(ReadyChange(upload, duplicateOf).AsRequest(), cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>
    /// The write that marks <paramref name="upload"/> (as its object key says it is) ready, for a transaction that makes
    /// its photo visible at the same time. The worker does not read the record first: the write's condition is the
    /// check that the record was issued for this object key and has accepted no object yet (or that there is none: any S3 client
    /// may write a well-formed key, and such an upload gets its record here). So an upload accepts one object: a
    /// presigned form posted again, or the same event delivered again, finds it ended, and <see
    /// cref="UploadRecord.ObjectETag"/> tells the two apart.
    /// </summary>
    public Update ReadyChange(UploadRecord upload, ExistingPhoto? duplicateOf = null)
    {
        var now = time.GetUtcNow();
        var (names, values) = StatusWrite(upload, UploadStatus.Ready, now);
        // A ready upload is a photo people link to: its record stays (the TTL is for pending, rejected and failed ones).
        values.Remove(":expires");
        values[":day"] = new() { S = RecentUploads.FeedPartition(now.UtcDateTime, RecentUploads.FeedShard(upload.UploadId)) };
        values[":objectKey"] = new() { S = duplicateOf?.ObjectKey ?? upload.ObjectKey };
        values[":etag"] = new() { S = upload.ObjectETag ?? throw new ArgumentException("A ready upload names the object it accepted.", nameof(upload)) };
        names["#feedDay"] = Tables.Uploads.FeedDay;
        names["#readyAt"] = Tables.Uploads.ReadyAt;
        names["#etag"] = Tables.Uploads.ObjectETag;
        var update = $"SET #status = :status, #updated = :now, #feedDay = :day, #readyAt = :now, #objectKey = :objectKey, #etag = :etag, {RecordDefaultsSet}";
        if (duplicateOf is not null)
        {
            update += ", #duplicateOf = :duplicateOf";
            values[":duplicateOf"] = new() { S = duplicateOf.UploadId };
            names["#duplicateOf"] = Tables.Uploads.DuplicateOf;
        }

        return new Update
        {
            TableName = TableName,
            Key = new() { [Tables.Uploads.UploadId] = new() { S = upload.UploadId } },
            UpdateExpression = update + " REMOVE #reason, #expires",
            ConditionExpression = StillOpen,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    /// <summary>
    /// Marks the upload rejected with a reason while it has accepted no object, creating its record when there is none. Nothing
    /// changes when its record names another object (that upload is not this object's to reject) or when it has ended:
    /// a form posted again must not turn a published or removed photo into a rejected upload.
    /// </summary>
    public async Task MarkRejectedAsync(UploadRecord upload, string reason, CancellationToken cancellationToken)
    {
        var (names, values) = StatusWrite(upload, UploadStatus.Rejected, time.GetUtcNow());
        values[":reason"] = new() { S = reason };
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = TableName,
                Key = new() { [Tables.Uploads.UploadId] = new() { S = upload.UploadId } },
                UpdateExpression = $"SET #status = :status, #reason = :reason, #updated = :now, #expires = :expires, #objectKey = :key, {RecordDefaultsSet}",
                ConditionExpression = StillOpen,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // The record names another object, or the upload has ended: it keeps its status.
        }
    }

    /// <summary>
    /// The condition of the worker's status writes: no record yet, or one issued for this object key that has accepted
    /// nothing yet: pending, or failed (a dead-lettered event that is redriven may still finish its upload).
    /// </summary>
    private const string StillOpen = "attribute_not_exists(#id) OR (#objectKey = :key AND #status IN (:pending, :failed))";

    /// <summary>The attributes a record made by the worker needs and one made by the API already has.</summary>
    private const string RecordDefaultsSet =
        "#bar = if_not_exists(#bar, :bar), #drink = if_not_exists(#drink, :drink), " +
        "#contentType = if_not_exists(#contentType, :contentType), #created = if_not_exists(#created, :now)";

    /// <summary>
    /// What a status write of the worker's names and sets: the status and its times, the object key its condition
    /// checks, and the attributes of <see cref="RecordDefaultsSet"/> (each expression uses all of them).
    /// </summary>
    private static (Dictionary<string, string> Names, Dictionary<string, AttributeValue> Values) StatusWrite(
        UploadRecord upload, string status, DateTimeOffset now) =>
    (
        new()
        {
            ["#id"] = Tables.Uploads.UploadId,
            ["#status"] = Tables.Uploads.Status,
            ["#updated"] = Tables.Uploads.UpdatedAt,
            ["#expires"] = Tables.Uploads.ExpiresAt,
            ["#reason"] = Tables.Uploads.Reason,
            ["#objectKey"] = Tables.Uploads.ObjectKey,
            ["#bar"] = Tables.Uploads.BarName,
            ["#drink"] = Tables.Uploads.DrinkName,
            ["#contentType"] = Tables.Uploads.ContentType,
            ["#created"] = Tables.Uploads.CreatedAt,
        },
        new()
        {
            [":status"] = new() { S = status },
            [":pending"] = new() { S = UploadStatus.Pending },
            [":failed"] = new() { S = UploadStatus.Failed },
            [":now"] = new() { S = StoredValues.Format(now) },
            [":expires"] = UploadItems.Expiry(now),
            [":key"] = new() { S = upload.ObjectKey },
            [":bar"] = new() { S = upload.BarName },
            [":drink"] = new() { S = upload.DrinkName },
            [":contentType"] = new() { S = upload.ContentType },
        });

    /// <summary>Marks the upload failed while it is pending (a late failure must not hide a photo nor undo a removal).</summary>
    public async Task MarkFailedAsync(string uploadId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            await UpdateAsync(
                uploadId,
                "SET #status = :status, #reason = :reason, #updated = :now, #expires = :expires",
                new()
                {
                    [":status"] = new() { S = UploadStatus.Failed },
                    [":reason"] = new() { S = reason },
                    [":now"] = new() { S = StoredValues.Format(now) },
                    [":expires"] = UploadItems.Expiry(now),
                    [":pending"] = new() { S = UploadStatus.Pending },
                },
                new() { ["#reason"] = Tables.Uploads.Reason, ["#id"] = Tables.Uploads.UploadId },
                condition: "attribute_exists(#id) AND #status = :pending",
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Unknown upload, or it has ended: nothing to mark.
        }
    }

    /// <summary>
    /// Marks the upload removed by a moderator and takes it out of the recent feed. The record stays as a tombstone: a
    /// shared link to the photo answers "removed" (410), not "unknown".
    /// </summary>
    public Task MarkRemovedAsync(string uploadId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return UpdateAsync(
            uploadId,
            "SET #status = :status, #reason = :reason, #updated = :now REMOVE #feedDay, #expires, #queue, #hidden",
            new()
            {
                [":status"] = new() { S = UploadStatus.Removed },
                [":reason"] = new() { S = reason },
                [":now"] = new() { S = StoredValues.Format(now) },
            },
            new() { ["#reason"] = Tables.Uploads.Reason, ["#feedDay"] = Tables.Uploads.FeedDay, ["#expires"] = Tables.Uploads.ExpiresAt, ["#queue"] = Tables.Uploads.ReviewQueue, ["#hidden"] = Tables.Uploads.Hidden },
            condition: null,
            cancellationToken);
    }

    private Task UpdateAsync(
        string uploadId,
        string updateExpression,
        Dictionary<string, AttributeValue> values,
        Dictionary<string, string> names,
        string? condition,
        CancellationToken cancellationToken)
    {
        names["#status"] = Tables.Uploads.Status;
        names["#updated"] = Tables.Uploads.UpdatedAt;
        names["#expires"] = Tables.Uploads.ExpiresAt;
        return dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = TableName,
            Key = new() { [Tables.Uploads.UploadId] = new() { S = uploadId } },
            UpdateExpression = updateExpression,
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        }, cancellationToken);
    }
}
