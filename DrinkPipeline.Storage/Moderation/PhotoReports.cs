using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage.Coordination;
using DrinkPipeline.Storage.Uploads;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Moderation;

/// <summary>A reported photo as moderators see it.</summary>
public sealed record ReportedPhoto(UploadRecord Upload, int ReportCount, IReadOnlyDictionary<string, int> Reasons, IReadOnlyList<string> Notes, DateTimeOffset LastReportedAt, bool Kept);

public enum ReportOutcome
{
    Recorded,
    NotFound,
    LimitReached,
}

/// <summary>
/// Reports on photos, kept on the upload's record: a count per reason, the notes, the reporters, and a place in the
/// review queue (a sparse index every reported upload joins until a moderator keeps or removes it). A reporter counts
/// once per photo, however often it reports. One photo takes at most <see cref="MaxReportsPerPhoto"/> reports; more
/// change nothing (it is hidden and queued by then).
/// </summary>
public sealed class PhotoReports(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources, TimeProvider time)
{
    public const int MaxReportsPerPhoto = 100;

    /// <summary>
    /// Records a report within its client's window (the counter and the report in one transaction, as for uploads).
    /// Only ready photos can be reported. A <paramref name="reporter"/> (an opaque id: the API's keyed hash of the
    /// client's address) who reported the photo before changes nothing but its window's count.
    /// </summary>
    public async Task<(ReportOutcome Outcome, ReportedPhoto? Photo)> ReportAsync(
        string uploadId, string reason, string? note, string reporter, UploadWindow window, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>
        {
            ["#status"] = Tables.Uploads.Status,
            ["#count"] = Tables.Uploads.ReportCount,
            ["#reason"] = Tables.Uploads.ReportReasonPrefix + reason,
            ["#queue"] = Tables.Uploads.ReviewQueue,
            ["#last"] = Tables.Uploads.LastReportedAt,
            ["#reporters"] = Tables.Uploads.Reporters,
        };
        var values = new Dictionary<string, AttributeValue>
        {
            [":ready"] = new() { S = UploadStatus.Ready },
            [":one"] = new() { N = "1" },
            [":max"] = new() { N = MaxReportsPerPhoto.ToString(CultureInfo.InvariantCulture) },
            [":queue"] = new() { S = Tables.Uploads.ReviewQueueValue },
            [":now"] = new() { S = StoredValues.Format(time.GetUtcNow()) },
            [":reporter"] = new() { S = reporter },
            [":reporterSet"] = new() { SS = [reporter] },
        };
        var update = "ADD #count :one, #reason :one, #reporters :reporterSet SET #queue = :queue, #last = :now";
        if (!string.IsNullOrWhiteSpace(note))
        {
            update += ", #notes = list_append(if_not_exists(#notes, :empty), :note)";
            names["#notes"] = Tables.Uploads.ReportNotes;
            values[":empty"] = new() { L = [], IsLSet = true };
            values[":note"] = new() { L = [new() { S = note.Trim() }] };
        }

        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new()
                    {
                        Update = new Update
                        {
                            TableName = resources.Value.UploadsTableName,
                            Key = new() { [Tables.Uploads.UploadId] = new() { S = uploadId } },
                            UpdateExpression = update,
                            ConditionExpression = "#status = :ready AND (attribute_not_exists(#count) OR #count < :max) AND NOT contains(#reporters, :reporter)",
                            ExpressionAttributeNames = names,
                            ExpressionAttributeValues = values,
                        },
                    },
                    new() { Update = window.CountOneMore(resources.Value.CoordinationTableName) },
                ],
            }, cancellationToken);
        }
        catch (TransactionCanceledException exception) when (exception.CancellationReasons?.ElementAtOrDefault(1)?.Code == "ConditionalCheckFailed")
        {
            return (ReportOutcome.LimitReached, null);
        }
        catch (TransactionCanceledException exception) when (exception.CancellationReasons?.ElementAtOrDefault(0)?.Code == "ConditionalCheckFailed")
        {
            // Not a ready photo, at its cap, or reported by this reporter before: an unknown id is not found; the others
            // need nothing more, but the report still counts in its client's window (one request more, only then).
            var existing = await GetAsync(uploadId, cancellationToken);
            if (existing is not { Upload.Status: UploadStatus.Ready })
            {
                return (ReportOutcome.NotFound, null);
            }

            try
            {
                await dynamo.UpdateItemAsync(window.CountOneMore(resources.Value.CoordinationTableName).AsRequest(), cancellationToken);
            }
            catch (ConditionalCheckFailedException)
            {
                return (ReportOutcome.LimitReached, null);
            }

            return (ReportOutcome.Recorded, existing);
        }

        return (ReportOutcome.Recorded, await GetAsync(uploadId, cancellationToken));
    }

    public async Task<ReportedPhoto?> GetAsync(string uploadId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = resources.Value.UploadsTableName,
            Key = new() { [Tables.Uploads.UploadId] = new() { S = uploadId } },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? ToReported(item) : null;
    }

    /// <summary>Photos waiting for a moderator, most recently reported first.</summary>
    public async Task<Page<ReportedPhoto>> ListQueueAsync(int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = resources.Value.UploadsTableName,
            IndexName = Tables.Uploads.ReviewQueueIndex,
            KeyConditionExpression = "#queue = :queue",
            ExpressionAttributeNames = new() { ["#queue"] = Tables.Uploads.ReviewQueue },
            ExpressionAttributeValues = new() { [":queue"] = new() { S = Tables.Uploads.ReviewQueueValue } },
            ScanIndexForward = false,
            Limit = limit + 1,
            ExclusiveStartKey = after,
        }, cancellationToken);
        var (items, next) = Page.Trim(response.Items, limit, Tables.Uploads.UploadId, Tables.Uploads.ReviewQueue, Tables.Uploads.LastReportedAt);
        return new Page<ReportedPhoto>(items.Select(ToReported).ToList(), next);
    }

    /// <summary>Hides the upload from the recent feed and marks it hidden (the catalog hides its photo).</summary>
    public Task MarkHiddenAsync(string uploadId, CancellationToken cancellationToken) =>
        dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = resources.Value.UploadsTableName,
            Key = new() { [Tables.Uploads.UploadId] = new() { S = uploadId } },
            UpdateExpression = "SET #hidden = :true REMOVE #feedDay",
            ExpressionAttributeNames = new() { ["#hidden"] = Tables.Uploads.Hidden, ["#feedDay"] = Tables.Uploads.FeedDay },
            ExpressionAttributeValues = new() { [":true"] = new() { BOOL = true } },
        }, cancellationToken);

    /// <summary>
    /// A moderator keeps the photo: it leaves the queue, is shown again (back in the recent feed of its day) and is not
    /// hidden by later reports.
    /// </summary>
    public Task MarkKeptAsync(UploadRecord upload, CancellationToken cancellationToken) =>
        dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = resources.Value.UploadsTableName,
            Key = new() { [Tables.Uploads.UploadId] = new() { S = upload.UploadId } },
            UpdateExpression = "SET #kept = :true, #feedDay = :day REMOVE #hidden, #queue",
            ConditionExpression = "#status = :ready",
            ExpressionAttributeNames = new() { ["#kept"] = Tables.Uploads.Kept, ["#feedDay"] = Tables.Uploads.FeedDay, ["#hidden"] = Tables.Uploads.Hidden, ["#queue"] = Tables.Uploads.ReviewQueue, ["#status"] = Tables.Uploads.Status },
            ExpressionAttributeValues = new()
            {
                [":true"] = new() { BOOL = true },
                [":day"] = new() { S = RecentUploads.FeedPartition((upload.ReadyAt ?? upload.UpdatedAt).UtcDateTime, RecentUploads.FeedShard(upload.UploadId)) },
                [":ready"] = new() { S = UploadStatus.Ready },
            },
        }, cancellationToken);

    private static ReportedPhoto ToReported(Dictionary<string, AttributeValue> item) => new(
        UploadItems.ToRecord(item),
        item.TryGetValue(Tables.Uploads.ReportCount, out var count) ? int.Parse(count.N, CultureInfo.InvariantCulture) : 0,
        item.Where(pair => pair.Key.StartsWith(Tables.Uploads.ReportReasonPrefix, StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key[Tables.Uploads.ReportReasonPrefix.Length..], pair => int.Parse(pair.Value.N, CultureInfo.InvariantCulture)),
        item.TryGetValue(Tables.Uploads.ReportNotes, out var notes) ? [.. notes.L.Select(note => note.S)] : [],
        item.TryGetValue(Tables.Uploads.LastReportedAt, out var last) ? DateTimeOffset.Parse(last.S, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue,
        item.ContainsKey(Tables.Uploads.Kept));
}
