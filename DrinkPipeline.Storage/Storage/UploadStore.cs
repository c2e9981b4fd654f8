using DrinkPipeline.Contracts;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage;

/// <summary>One upload's status record.</summary>
public sealed record UploadRecord(
    string UploadId,
    string Status,
    string BarName,
    string DrinkName,
    string ObjectKey,
    string ContentType,
    long? ContentLength,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? DuplicateOf = null,
    DateTimeOffset? ReadyAt = null,
    bool Hidden = false);

/// <summary>The uploads table: status by upload id, and the sparse feed of recent ready uploads.</summary>
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
                            Item = ToItem(record),
                            ConditionExpression = "attribute_not_exists(#id)",
                            ExpressionAttributeNames = new() { ["#id"] = Tables.Uploads.UploadId },
                        },
                    },
                    new() { Update = UploadStore.CountInWindow(window, resources.Value.CoordinationTableName) },
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
    /// The write that counts one more request in a client's window, on condition that the window is not full; a
    /// transaction with it refuses the whole request at the limit. Shared by uploads and reports.
    /// </summary>
    internal static Update CountInWindow(UploadWindow window, string coordinationTableName) => new()
    {
        TableName = coordinationTableName,
        Key = new() { [Tables.Coordination.Key] = new() { S = window.CounterKey } },
        UpdateExpression = "ADD #count :one SET #expires = :expires",
        ConditionExpression = "attribute_not_exists(#count) OR #count < :limit",
        ExpressionAttributeNames = new() { ["#count"] = Tables.Coordination.Count, ["#expires"] = Tables.Coordination.ExpiresAt },
        ExpressionAttributeValues = new()
        {
            [":one"] = new() { N = "1" },
            [":limit"] = new() { N = window.Limit.ToString(CultureInfo.InvariantCulture) },
            [":expires"] = new() { N = window.End.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
        },
    };

    private static Dictionary<string, AttributeValue> ToItem(UploadRecord record)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Tables.Uploads.UploadId] = new() { S = record.UploadId },
            [Tables.Uploads.Status] = new() { S = record.Status },
            [Tables.Uploads.BarName] = new() { S = record.BarName },
            [Tables.Uploads.DrinkName] = new() { S = record.DrinkName },
            [Tables.Uploads.ObjectKey] = new() { S = record.ObjectKey },
            [Tables.Uploads.ContentType] = new() { S = record.ContentType },
            [Tables.Uploads.CreatedAt] = new() { S = Format(record.CreatedAt) },
            [Tables.Uploads.UpdatedAt] = new() { S = Format(record.UpdatedAt) },
            [Tables.Uploads.ExpiresAt] = Expiry(record.UpdatedAt),
        };
        if (record.ContentLength is { } length)
        {
            item[Tables.Uploads.ContentLength] = new() { N = length.ToString(CultureInfo.InvariantCulture) };
        }

        return item;
    }

    /// <summary>
    /// Ready uploads, newest first, from the last <paramref name="days"/> UTC days of the feed index, ready before
    /// <paramref name="before"/> when given (the page before ended there). A day is split over <see cref="FeedShards"/>
    /// partitions (see <see cref="FeedPartition"/>), read together and merged; a quiet day costs one empty query per
    /// shard. Re-uploads of a photo already there are left out, and a shard is read on until the page is full after
    /// that filter (a query's limit counts the items it reads, not those it returns). The page ends where it is full;
    /// Next holds the last one's ReadyAt when more may follow.
    /// </summary>
    public async Task<Page<UploadRecord>> ListRecentReadyAsync(int limit, int days, string? before, CancellationToken cancellationToken)
    {
        var recent = new List<UploadRecord>(limit + 1);
        var today = time.GetUtcNow().UtcDateTime.Date;
        var firstDay = before is null ? today : DateTimeOffset.Parse(before, CultureInfo.InvariantCulture).UtcDateTime.Date;
        for (var date = firstDay; date > today.AddDays(-days) && recent.Count <= limit; date = date.AddDays(-1))
        {
            var wanted = limit + 1 - recent.Count;
            var shards = await Task.WhenAll(Enumerable.Range(0, FeedShards).Select(shard => ReadFeedShardAsync(FeedPartition(date, shard), before, wanted, cancellationToken)));
            recent.AddRange(shards.SelectMany(items => items).Select(ToRecord).OrderByDescending(record => record.ReadyAt).Take(wanted));
        }

        if (recent.Count <= limit)
        {
            return new Page<UploadRecord>(recent, null);
        }

        recent.RemoveAt(limit);
        return new Page<UploadRecord>(recent, new() { [Tables.Uploads.ReadyAt] = new() { S = Format(recent[^1].ReadyAt!.Value) } });
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ReadFeedShardAsync(string partition, string? before, int wanted, CancellationToken cancellationToken)
    {
        var query = new QueryRequest
        {
            TableName = TableName,
            IndexName = Tables.Uploads.RecentReadyIndex,
            KeyConditionExpression = before is null ? "#day = :day" : "#day = :day AND #readyAt < :before",
            FilterExpression = "attribute_not_exists(#duplicateOf)",
            ExpressionAttributeNames = new() { ["#day"] = Tables.Uploads.FeedDay, ["#duplicateOf"] = Tables.Uploads.DuplicateOf },
            ExpressionAttributeValues = new() { [":day"] = new() { S = partition } },
            ScanIndexForward = false,
            Limit = wanted,
        };
        if (before is not null)
        {
            query.ExpressionAttributeNames["#readyAt"] = Tables.Uploads.ReadyAt;
            query.ExpressionAttributeValues[":before"] = new() { S = before };
        }

        var items = new List<Dictionary<string, AttributeValue>>();
        await foreach (var page in dynamo.Paginators.Query(query).Responses.WithCancellation(cancellationToken))
        {
            items.AddRange(page.Items ?? []);
            if (items.Count >= wanted)
            {
                break;
            }
        }

        return items;
    }

    /// <summary>
    /// Partitions a day of the recent feed is spread over. Every ready photo writes to its day's partition of the
    /// feed index, and one index partition takes 1,000 writes a second: one partition a day would cap the whole
    /// pipeline there. Four take 4,000 a second (docs/scaling.md); reading the feed costs four queries a day.
    /// </summary>
    public const int FeedShards = 4;

    /// <summary>The feed index's partition key: the UTC day and a shard, <c>2026-12-03#2</c>.</summary>
    public static string FeedPartition(DateTime utcDay, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{utcDay:yyyy-MM-dd}#{shard}");

    /// <summary>The shard an upload's feed entry goes to: a stable hash of its id (FNV-1a), the same in every process.</summary>
    public static int FeedShard(string uploadId)
    {
        var hash = 2166136261u;
        foreach (var character in uploadId)
        {
            hash = (hash ^ character) * 16777619u;
        }

        return (int)(hash % FeedShards);
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

        return response.Item is { Count: > 0 } item ? ToRecord(item) : null;
    }

    internal static UploadRecord ToRecord(Dictionary<string, AttributeValue> item) =>
        new(
            item[Tables.Uploads.UploadId].S,
            item[Tables.Uploads.Status].S,
            item[Tables.Uploads.BarName].S,
            item[Tables.Uploads.DrinkName].S,
            item[Tables.Uploads.ObjectKey].S,
            item[Tables.Uploads.ContentType].S,
            item.TryGetValue(Tables.Uploads.ContentLength, out var length) ? long.Parse(length.N, CultureInfo.InvariantCulture) : null,
            item.TryGetValue(Tables.Uploads.Reason, out var reason) ? reason.S : null,
            DateTimeOffset.Parse(item[Tables.Uploads.CreatedAt].S, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(item[Tables.Uploads.UpdatedAt].S, CultureInfo.InvariantCulture),
            item.TryGetValue(Tables.Uploads.DuplicateOf, out var duplicateOf) ? duplicateOf.S : null,
            item.TryGetValue(Tables.Uploads.ReadyAt, out var readyAt) ? DateTimeOffset.Parse(readyAt.S, CultureInfo.InvariantCulture) : null,
            item.ContainsKey(Tables.Uploads.Hidden));

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
    /// check that the record was issued for this object key (or that there is none: any S3 client may write a
    /// well-formed key, and such an upload gets its record here).
    /// </summary>
    public Update ReadyChange(UploadRecord upload, ExistingPhoto? duplicateOf = null)
    {
        var now = time.GetUtcNow();
        var (names, values) = StatusWrite(upload, UploadStatus.Ready, now);
        // A ready upload is a photo people link to: its record stays (the TTL is for pending, rejected and failed ones).
        values.Remove(":expires");
        values[":day"] = new() { S = FeedPartition(now.UtcDateTime, FeedShard(upload.UploadId)) };
        values[":objectKey"] = new() { S = duplicateOf?.ObjectKey ?? upload.ObjectKey };
        names["#feedDay"] = Tables.Uploads.FeedDay;
        names["#readyAt"] = Tables.Uploads.ReadyAt;
        var update = $"SET #status = :status, #updated = :now, #feedDay = :day, #readyAt = :now, #objectKey = :objectKey, {RecordDefaultsSet}";
        // A duplicate's record already points at the earlier photo when its event comes again.
        var condition = "attribute_not_exists(#id) OR #objectKey IN (:key, :objectKey)";
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
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    /// <summary>
    /// Marks the upload rejected with a reason unless it already ended ready, creating its record when there is none.
    /// Nothing changes when its record names another object: that upload is not this object's to reject.
    /// </summary>
    public async Task MarkRejectedAsync(UploadRecord upload, string reason, CancellationToken cancellationToken)
    {
        var (names, values) = StatusWrite(upload, UploadStatus.Rejected, time.GetUtcNow());
        values[":reason"] = new() { S = reason };
        values[":ready"] = new() { S = UploadStatus.Ready };
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = TableName,
                Key = new() { [Tables.Uploads.UploadId] = new() { S = upload.UploadId } },
                UpdateExpression = $"SET #status = :status, #reason = :reason, #updated = :now, #expires = :expires, #objectKey = :key, {RecordDefaultsSet}",
                ConditionExpression = "attribute_not_exists(#id) OR (#objectKey = :key AND #status <> :ready)",
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // The record names another object, or the upload is ready: it keeps its status.
        }
    }

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
            [":now"] = new() { S = Format(now) },
            [":expires"] = Expiry(now),
            [":key"] = new() { S = upload.ObjectKey },
            [":bar"] = new() { S = upload.BarName },
            [":drink"] = new() { S = upload.DrinkName },
            [":contentType"] = new() { S = upload.ContentType },
        });

    /// <summary>Marks the upload failed unless it already ended ready (a late failure must not hide a photo).</summary>
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
                    [":now"] = new() { S = Format(now) },
                    [":expires"] = Expiry(now),
                    [":ready"] = new() { S = UploadStatus.Ready },
                },
                new() { ["#reason"] = Tables.Uploads.Reason, ["#id"] = Tables.Uploads.UploadId },
                condition: "attribute_exists(#id) AND #status <> :ready",
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Unknown upload, or already ready: nothing to mark.
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
                [":now"] = new() { S = Format(now) },
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

    internal static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static AttributeValue Expiry(DateTimeOffset from) =>
        new() { N = from.Add(Tables.Uploads.Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
}
