using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Uploads;

/// <summary>The recent feed: ready uploads by day, from the uploads table's sparse <c>RecentReady</c> index.</summary>
public sealed class RecentUploads(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources, TimeProvider time)
{
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
            recent.AddRange(shards.SelectMany(items => items).Select(UploadItems.ToRecord).OrderByDescending(record => record.ReadyAt).Take(wanted));
        }

        if (recent.Count <= limit)
        {
            return new Page<UploadRecord>(recent, null);
        }

        recent.RemoveAt(limit);
        return new Page<UploadRecord>(recent, new() { [Tables.Uploads.ReadyAt] = new() { S = StoredValues.Format(recent[^1].ReadyAt!.Value) } });
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ReadFeedShardAsync(string partition, string? before, int wanted, CancellationToken cancellationToken)
    {
        var query = new QueryRequest
        {
            TableName = resources.Value.UploadsTableName,
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
}
