using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage.Coordination;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Catalog;

/// <summary>
/// A one-off pass over data written before search existed: search words for every drink and bar, each bar's newest
/// photo and photo count, and no expiry on ready uploads' records (they once expired after 30 days like the rest).
/// It only adds what is missing, so photos the worker records meanwhile win. Scans are its business: it reads each
/// table once.
/// </summary>
public sealed class CatalogUpgrade(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources) : OneOffPass(dynamo, resources)
{
    public override string Name => "upgrade:search-words-1";

    /// <summary>Says how many drinks got words and how many ready records lost their expiry.</summary>
    protected override async Task<string> RunPassAsync(CancellationToken cancellationToken)
    {
                var drinks = 0;
        var bars = new Dictionary<string, (string Display, string NewestId, string NewestAt, long Photos)>(StringComparer.Ordinal);
        await foreach (var item in ScanAsync(Names.DrinksTableName, null, cancellationToken))
        {
            if (!item.ContainsKey(Tables.Drinks.UploadId))
            {
                continue;
            }

            var barKey = item[Tables.Drinks.BarName].S;
            var photos = item.TryGetValue(Tables.Drinks.PhotoCount, out var count) ? long.Parse(count.N, CultureInfo.InvariantCulture) : 1;
            foreach (var word in SearchWords.Indexed(item[Tables.Drinks.DrinkDisplayName].S))
            {
                var entry = new Dictionary<string, AttributeValue>(item);
                entry.Remove(Tables.Drinks.BarName);
                entry.Remove(Tables.Drinks.DrinkName);
                foreach (var (key, value) in SearchWords.DrinkKey(word, barKey, item[Tables.Drinks.DrinkName].S))
                {
                    entry[key] = value;
                }

                await PutIfMissingAsync(entry, cancellationToken);
            }

            drinks++;
            var uploadedAt = item[Tables.Drinks.UploadedAt].S;
            bars[barKey] = bars.TryGetValue(barKey, out var bar)
                ? (bar.Display, string.CompareOrdinal(uploadedAt, bar.NewestAt) > 0 ? item[Tables.Drinks.UploadId].S : bar.NewestId,
                   string.CompareOrdinal(uploadedAt, bar.NewestAt) > 0 ? uploadedAt : bar.NewestAt, bar.Photos + photos)
                : (item[Tables.Drinks.BarDisplayName].S, item[Tables.Drinks.UploadId].S, uploadedAt, photos);
        }

        foreach (var (barKey, bar) in bars)
        {
            try
            {
                await Dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = Names.BarsTableName,
                    Key = CatalogItems.BarKey(barKey),
                    UpdateExpression = "SET #newestId = :newestId, #newestAt = :newestAt, #count = :count",
                    ConditionExpression = "attribute_exists(#display) AND attribute_not_exists(#newestId)",
                    ExpressionAttributeNames = new() { ["#newestId"] = Tables.Bars.NewestUploadId, ["#newestAt"] = Tables.Bars.NewestAt, ["#count"] = Tables.Bars.PhotoCount, ["#display"] = Tables.Bars.DisplayName },
                    ExpressionAttributeValues = new()
                    {
                        [":newestId"] = new() { S = bar.NewestId },
                        [":newestAt"] = new() { S = bar.NewestAt },
                        [":count"] = new() { N = bar.Photos.ToString(CultureInfo.InvariantCulture) },
                    },
                }, cancellationToken);
            }
            catch (ConditionalCheckFailedException)
            {
                // Recorded by the worker since search existed: it has all of this already.
            }

            foreach (var word in SearchWords.Indexed(bar.Display))
            {
                var entry = SearchWords.BarKey(word, barKey);
                entry[Tables.Bars.DisplayName] = new() { S = bar.Display };
                entry[Tables.Bars.NewestUploadId] = new() { S = bar.NewestId };
                entry[Tables.Bars.NewestAt] = new() { S = bar.NewestAt };
                await PutIfMissingAsync(entry, cancellationToken);
            }
        }

        var readyRecords = 0;
        await foreach (var item in ScanAsync(Names.UploadsTableName, new ScanRequest
        {
            FilterExpression = "#status = :ready AND attribute_exists(#expires)",
            ProjectionExpression = "#id",
            ExpressionAttributeNames = new() { ["#status"] = Tables.Uploads.Status, ["#expires"] = Tables.Uploads.ExpiresAt, ["#id"] = Tables.Uploads.UploadId },
            ExpressionAttributeValues = new() { [":ready"] = new() { S = UploadStatus.Ready } },
        }, cancellationToken))
        {
            try
            {
                await Dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = Names.UploadsTableName,
                    Key = new() { [Tables.Uploads.UploadId] = item[Tables.Uploads.UploadId] },
                    UpdateExpression = "REMOVE #expires",
                    ConditionExpression = "#status = :ready",
                    ExpressionAttributeNames = new() { ["#status"] = Tables.Uploads.Status, ["#expires"] = Tables.Uploads.ExpiresAt },
                    ExpressionAttributeValues = new() { [":ready"] = new() { S = UploadStatus.Ready } },
                }, cancellationToken);
                readyRecords++;
            }
            catch (ConditionalCheckFailedException)
            {
                // Removed meanwhile.
            }
        }

        return $"{drinks} drinks got search words, {readyRecords} ready uploads no longer expire";
    }

    private async Task PutIfMissingAsync(Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        try
        {
            await Dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = Names.SearchWordsTableName,
                Item = item,
                ConditionExpression = "attribute_not_exists(#shard)",
                ExpressionAttributeNames = new() { ["#shard"] = Tables.SearchWords.Shard },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Written by the worker: newer than this copy.
        }
    }
}
