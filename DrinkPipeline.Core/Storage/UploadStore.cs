using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using C = DrinkPipeline.Tables.Coordination;
using U = DrinkPipeline.Tables.Uploads;

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
    DateTimeOffset? ReadyAt = null);

/// <summary>The uploads table: status by upload id, and the sparse feed of recent ready uploads.</summary>
public sealed class UploadStore(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources, TimeProvider time)
{
    private string TableName => resources.Value.UploadsTableName;

    /// <summary>Returns the stored record, creating it first when there is none.</summary>
    public async Task<UploadRecord> GetOrCreateAsync(UploadRecord record, CancellationToken cancellationToken) =>
        // Read first: nearly every upload has its record already, and a failed conditional put shows as an error span.
        await GetAsync(record.UploadId, cancellationToken) ?? await CreateIfAbsentAsync(record, cancellationToken);

    /// <summary>Creates the record unless one exists; returns the stored record either way.</summary>
    public async Task<UploadRecord> CreateIfAbsentAsync(UploadRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = TableName,
                Item = ToItem(record),
                ConditionExpression = "attribute_not_exists(#id)",
                ExpressionAttributeNames = new() { ["#id"] = U.UploadId },
            }, cancellationToken);
            return record;
        }
        catch (ConditionalCheckFailedException)
        {
            return await GetAsync(record.UploadId, cancellationToken)
                ?? throw new InvalidOperationException($"Upload {record.UploadId} exists but could not be read.");
        }
    }

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
                            ExpressionAttributeNames = new() { ["#id"] = U.UploadId },
                        },
                    },
                    new()
                    {
                        Update = new Update
                        {
                            TableName = resources.Value.CoordinationTableName,
                            Key = new() { [C.Key] = new() { S = window.CounterKey } },
                            UpdateExpression = "ADD #count :one SET #expires = :expires",
                            ConditionExpression = "attribute_not_exists(#count) OR #count < :limit",
                            ExpressionAttributeNames = new() { ["#count"] = C.Count, ["#expires"] = C.ExpiresAt },
                            ExpressionAttributeValues = new()
                            {
                                [":one"] = new() { N = "1" },
                                [":limit"] = new() { N = window.Limit.ToString(CultureInfo.InvariantCulture) },
                                [":expires"] = new() { N = window.End.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
                            },
                        },
                    },
                ],
            }, cancellationToken);
            return true;
        }
        catch (TransactionCanceledException exception) when (exception.CancellationReasons?.ElementAtOrDefault(1)?.Code == "ConditionalCheckFailed")
        {
            return false;
        }
    }

    private static Dictionary<string, AttributeValue> ToItem(UploadRecord record)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [U.UploadId] = new() { S = record.UploadId },
            [U.Status] = new() { S = record.Status },
            [U.BarName] = new() { S = record.BarName },
            [U.DrinkName] = new() { S = record.DrinkName },
            [U.ObjectKey] = new() { S = record.ObjectKey },
            [U.ContentType] = new() { S = record.ContentType },
            [U.CreatedAt] = new() { S = Format(record.CreatedAt) },
            [U.UpdatedAt] = new() { S = Format(record.UpdatedAt) },
            [U.ExpiresAt] = Expiry(record.UpdatedAt),
        };
        if (record.ContentLength is { } length)
        {
            item[U.ContentLength] = new() { N = length.ToString(CultureInfo.InvariantCulture) };
        }

        return item;
    }

    /// <summary>
    /// Ready uploads, newest first, from the last <paramref name="days"/> UTC days of the feed index. A day is split over
    /// <see cref="FeedShards"/> partitions (see <see cref="FeedPartition"/>), read together and merged; a quiet day costs
    /// one empty query per shard. Re-uploads of a photo already there are left out.
    /// </summary>
    public async Task<IReadOnlyList<UploadRecord>> ListRecentReadyAsync(int limit, int days, CancellationToken cancellationToken)
    {
        var recent = new List<UploadRecord>(limit);
        var today = time.GetUtcNow().UtcDateTime.Date;
        for (var day = 0; day < days && recent.Count < limit; day++)
        {
            var date = today.AddDays(-day);
            var shards = await Task.WhenAll(Enumerable.Range(0, FeedShards).Select(shard => dynamo.QueryAsync(new QueryRequest
            {
                TableName = TableName,
                IndexName = U.RecentReadyIndex,
                KeyConditionExpression = "#day = :day",
                FilterExpression = "attribute_not_exists(#duplicateOf)",
                ExpressionAttributeNames = new() { ["#day"] = U.FeedDay, ["#duplicateOf"] = U.DuplicateOf },
                ExpressionAttributeValues = new() { [":day"] = new() { S = FeedPartition(date, shard) } },
                ScanIndexForward = false,
                Limit = limit,
            }, cancellationToken)));
            recent.AddRange(shards
                .SelectMany(response => response.Items ?? [])
                .Select(ToRecord)
                .OrderByDescending(record => record.ReadyAt)
                .Take(limit - recent.Count));
        }

        return recent;
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

    public async Task<UploadRecord?> GetAsync(string uploadId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = TableName,
            Key = new() { [U.UploadId] = new() { S = uploadId } },
            ConsistentRead = true,
        }, cancellationToken);

        return response.Item is { Count: > 0 } item ? ToRecord(item) : null;
    }

    private static UploadRecord ToRecord(Dictionary<string, AttributeValue> item) =>
        new(
            item[U.UploadId].S,
            item[U.Status].S,
            item[U.BarName].S,
            item[U.DrinkName].S,
            item[U.ObjectKey].S,
            item[U.ContentType].S,
            item.TryGetValue(U.ContentLength, out var length) ? long.Parse(length.N, CultureInfo.InvariantCulture) : null,
            item.TryGetValue(U.Reason, out var reason) ? reason.S : null,
            DateTimeOffset.Parse(item[U.CreatedAt].S, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(item[U.UpdatedAt].S, CultureInfo.InvariantCulture),
            item.TryGetValue(U.DuplicateOf, out var duplicateOf) ? duplicateOf.S : null,
            item.TryGetValue(U.ReadyAt, out var readyAt) ? DateTimeOffset.Parse(readyAt.S, CultureInfo.InvariantCulture) : null);

    /// <summary>
    /// Marks the upload ready. When its content duplicates an earlier photo of the drink, the upload points at that
    /// photo (<c>DuplicateOf</c>, and its object key) instead of adding a second one.
    /// </summary>
    public Task MarkReadyAsync(string uploadId, ExistingPhoto? duplicateOf, CancellationToken cancellationToken) =>
        dynamo.UpdateItemAsync(ReadyChange(uploadId, duplicateOf).AsRequest(), cancellationToken);

    /// <summary>The write that marks the upload ready, for a transaction that makes its photo visible at the same time.</summary>
    public Update ReadyChange(string uploadId, ExistingPhoto? duplicateOf = null)
    {
        var now = time.GetUtcNow();
        var update = "SET #status = :status, #updated = :now, #expires = :expires, #feedDay = :day, #readyAt = :now REMOVE #reason";
        var values = new Dictionary<string, AttributeValue>
        {
            [":status"] = new() { S = UploadStatus.Ready },
            [":now"] = new() { S = Format(now) },
            [":expires"] = Expiry(now),
            [":day"] = new() { S = FeedPartition(now.UtcDateTime, FeedShard(uploadId)) },
        };
        var names = new Dictionary<string, string>
        {
            ["#status"] = U.Status,
            ["#updated"] = U.UpdatedAt,
            ["#expires"] = U.ExpiresAt,
            ["#feedDay"] = U.FeedDay,
            ["#readyAt"] = U.ReadyAt,
            ["#reason"] = U.Reason,
        };
        if (duplicateOf is not null)
        {
            update = update.Replace(" REMOVE", ", #duplicateOf = :duplicateOf, #objectKey = :objectKey REMOVE", StringComparison.Ordinal);
            values[":duplicateOf"] = new() { S = duplicateOf.UploadId };
            values[":objectKey"] = new() { S = duplicateOf.ObjectKey };
            names["#duplicateOf"] = U.DuplicateOf;
            names["#objectKey"] = U.ObjectKey;
        }

        return new Update
        {
            TableName = TableName,
            Key = new() { [U.UploadId] = new() { S = uploadId } },
            UpdateExpression = update,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    public Task MarkRejectedAsync(string uploadId, string reason, CancellationToken cancellationToken) =>
        MarkWithReasonAsync(uploadId, UploadStatus.Rejected, reason, cancellationToken);

    /// <summary>Marks the upload failed unless it already ended ready (a late failure must not hide a photo).</summary>
    public Task MarkFailedAsync(string uploadId, string reason, CancellationToken cancellationToken) =>
        MarkWithReasonAsync(uploadId, UploadStatus.Failed, reason, cancellationToken);

    /// <summary>Marks the upload removed by a moderator and takes it out of the recent feed.</summary>
    public Task MarkRemovedAsync(string uploadId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return UpdateAsync(
            uploadId,
            "SET #status = :status, #reason = :reason, #updated = :now, #expires = :expires REMOVE #feedDay",
            new()
            {
                [":status"] = new() { S = UploadStatus.Removed },
                [":reason"] = new() { S = reason },
                [":now"] = new() { S = Format(now) },
                [":expires"] = Expiry(now),
            },
            new() { ["#reason"] = U.Reason, ["#feedDay"] = U.FeedDay },
            condition: null,
            cancellationToken);
    }

    private async Task MarkWithReasonAsync(string uploadId, string status, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            await UpdateAsync(
                uploadId,
                "SET #status = :status, #reason = :reason, #updated = :now, #expires = :expires",
                new()
                {
                    [":status"] = new() { S = status },
                    [":reason"] = new() { S = reason },
                    [":now"] = new() { S = Format(now) },
                    [":expires"] = Expiry(now),
                    [":ready"] = new() { S = UploadStatus.Ready },
                },
                new() { ["#reason"] = U.Reason, ["#id"] = U.UploadId },
                condition: "attribute_exists(#id) AND #status <> :ready",
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Unknown upload, or already ready: nothing to mark.
        }
    }

    private Task UpdateAsync(
        string uploadId,
        string updateExpression,
        Dictionary<string, AttributeValue> values,
        Dictionary<string, string> names,
        string? condition,
        CancellationToken cancellationToken)
    {
        names["#status"] = U.Status;
        names["#updated"] = U.UpdatedAt;
        names["#expires"] = U.ExpiresAt;
        return dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = TableName,
            Key = new() { [U.UploadId] = new() { S = uploadId } },
            UpdateExpression = updateExpression,
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        }, cancellationToken);
    }

    internal static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static AttributeValue Expiry(DateTimeOffset from) =>
        new() { N = from.Add(U.Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
}
