using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage.Uploads;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Catalog;

/// <summary>The worker's writes to the catalog: an accepted photo, and the check for an earlier photo with the same content.</summary>
public sealed class PhotoRecorder(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources)
{
    /// <summary>
    /// Records an accepted photo and marks its upload ready (<paramref name="markReady"/>, from
    /// <see cref="UploadStore.ReadyChange"/>), in one transaction: the photo, its count and the lookup on the drink item,
    /// the bar, the upload's status. So "ready" is never seen before a search can find the photo. Idempotent: a
    /// redelivered event neither adds a second photo nor counts twice, and the lookup only moves to a photo whose
    /// <see cref="PhotoRecord.Version"/> is newer than the one it shows. When one of those conditions fails (a
    /// redelivery; an older photo arriving late) the transaction is sent again without that part, which costs one
    /// request more only then. False when the upload's record names another object: nothing was written.
    /// </summary>
    public async Task<bool> RecordPhotoAsync(PhotoRecord photo, Update markReady, CancellationToken cancellationToken)
    {
        var names = resources.Value;
        var barKey = NameRules.IdentityKey(photo.BarName);
        var drinkKey = NameRules.IdentityKey(photo.DrinkName);
        var drinkItemKey = CatalogItems.DrinkKey(barKey, drinkKey);

        var details = CatalogUpdates.DetailAttributes(photo.Details);
        var photoItem = new Dictionary<string, AttributeValue>
        {
            [Tables.Photos.DrinkId] = new() { S = Tables.DrinkId(barKey, drinkKey) },
            [Tables.Photos.PhotoSortKey] = new() { S = photo.UploadId },
            [Tables.Drinks.BarDisplayName] = new() { S = photo.BarName },
            [Tables.Drinks.DrinkDisplayName] = new() { S = photo.DrinkName },
            [Tables.Drinks.S3ObjectKey] = new() { S = photo.ObjectKey },
            [Tables.Drinks.ContentType] = new() { S = photo.ContentType },
            [Tables.Drinks.SizeBytes] = StoredValues.Number(photo.SizeBytes),
            [Tables.Drinks.UploadedAt] = new() { S = StoredValues.Format(photo.UploadedAt) },
        };
        foreach (var (name, value) in details)
        {
            if (value is not null)
            {
                photoItem[name] = value;
            }
        }

        var drinkWords = SearchWords.Indexed(photo.DrinkName);
        var barWords = SearchWords.Indexed(photo.BarName);
        var photoIsNew = true;
        var lookupIsOlder = true;
        while (true)
        {
            // One write per item: the drink item takes the count and the lookup in one update. The search words mirror
            // the drink item and the bar without conditions of their own: the drink item's condition decides for them.
            var photoPut = photoIsNew
                ? new TransactWriteItem
                {
                    Put = new Put
                    {
                        TableName = names.PhotosTableName,
                        Item = photoItem,
                        ConditionExpression = "attribute_not_exists(#pk)",
                        ExpressionAttributeNames = new() { ["#pk"] = Tables.Photos.DrinkId },
                    },
                }
                : null;
            var drinkUpdate = new TransactWriteItem { Update = CatalogUpdates.DrinkUpdate(names.DrinksTableName, drinkItemKey, photo, details, photoIsNew, lookupIsOlder, conditional: true) };
            List<TransactWriteItem?> items =
            [
                photoPut,
                drinkUpdate,
                new() { Update = CatalogUpdates.BarUpdate(names.BarsTableName, CatalogItems.BarKey(barKey), photo, registration: true, photoIsNew, lookupIsOlder) },
                new() { Update = markReady },
                .. drinkWords.Select(word => new TransactWriteItem
                {
                    Update = CatalogUpdates.DrinkUpdate(names.SearchWordsTableName, SearchWords.DrinkKey(word, barKey, drinkKey), photo, details, photoIsNew, lookupIsOlder, conditional: false),
                }),
                .. barWords.Select(word => new TransactWriteItem
                {
                    Update = CatalogUpdates.BarUpdate(names.SearchWordsTableName, SearchWords.BarKey(word, barKey), photo, registration: false, photoIsNew, lookupIsOlder),
                }),
            ];
            var sent = items.OfType<TransactWriteItem>().ToList();
            try
            {
                await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = sent }, cancellationToken);
                return true;
            }
            catch (TransactionCanceledException exception) when (FailedConditions(exception, sent.Count) is { } failed)
            {
                if (failed.Contains(sent.IndexOf(items[3]!)))
                {
                    return false;
                }

                // The photo was recorded by an earlier delivery of this event, or the lookup shows a newer photo. Each
                // retry drops a condition that failed, so there are at most two.
                photoIsNew &= photoPut is null || !failed.Contains(sent.IndexOf(photoPut));
                lookupIsOlder &= !failed.Contains(sent.IndexOf(drinkUpdate));
                if (failed.Count == 0)
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// The positions of the items whose condition failed, when conditions are all that cancelled the transaction;
    /// null when anything else did (a conflict, throttling), which the caller's retry handles.
    /// </summary>
    private static HashSet<int>? FailedConditions(TransactionCanceledException exception, int count)
    {
        // AWS and the emulator list a reason per item.
        if (exception.CancellationReasons is not { Count: > 0 } reasons || reasons.Count != count ||
            reasons.Any(reason => reason.Code is not (null or "None" or "ConditionalCheckFailed")))
        {
            return null;
        }

        return [.. reasons.Select((reason, position) => (reason.Code, position)).Where(reason => reason.Code == "ConditionalCheckFailed").Select(reason => reason.position)];
    }

    /// <summary>An earlier photo of this drink with the same content hash, if any.</summary>
    public async Task<ExistingPhoto?> FindSameContentAsync(string barName, string drinkName, string sha256, CancellationToken cancellationToken)
    {
        var drinkId = Tables.DrinkId(NameRules.IdentityKey(barName), NameRules.IdentityKey(drinkName));
        var matches = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = resources.Value.PhotosTableName,
            IndexName = Tables.Photos.ContentHashIndex,
            KeyConditionExpression = "#drink = :drink AND #hash = :hash",
            ExpressionAttributeNames = new() { ["#drink"] = Tables.Photos.DrinkId, ["#hash"] = Tables.Photos.ContentHash },
            ExpressionAttributeValues = new() { [":drink"] = new() { S = drinkId }, [":hash"] = new() { S = sha256 } },
            Limit = 1,
        }, cancellationToken);
        if (matches.Items is not [var match, ..])
        {
            return null;
        }

        // The index holds keys only; the photo itself says where its object is.
        var photo = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = resources.Value.PhotosTableName,
            Key = new() { [Tables.Photos.DrinkId] = match[Tables.Photos.DrinkId], [Tables.Photos.PhotoSortKey] = match[Tables.Photos.PhotoSortKey] },
        }, cancellationToken);
        return photo.Item is { Count: > 0 } item ? new ExistingPhoto(item[Tables.Photos.PhotoSortKey].S, item[Tables.Drinks.S3ObjectKey].S) : null;
    }
}
