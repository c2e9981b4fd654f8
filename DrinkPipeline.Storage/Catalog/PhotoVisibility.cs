using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Catalog;

/// <summary>
/// Moderation's writes to the catalog: a photo hidden while reported, shown again when kept, removed for good. The
/// drink's lookup, its search words and the bar's newest photo follow each change.
/// </summary>
public sealed class PhotoVisibility(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources)
{
    /// <summary>
    /// Removes one photo: its record and its count together, then the lookup (and its search words) moves to the newest
    /// photo left, or goes when none is; then the bar's newest photo moves likewise, and a bar with no drink left leaves
    /// autocomplete and search. Returns false when the drink has no such photo. Conditions keep a photo the worker
    /// records meanwhile: the lookup is only changed while it still shows the removed one, and a bar is only deleted
    /// while its photo count is zero.
    /// </summary>
    public async Task<bool> RemovePhotoAsync(string barName, string drinkName, string uploadId, CancellationToken cancellationToken)
    {
        var names = resources.Value;
        var barKey = NameRules.IdentityKey(barName);
        var drinkKey = NameRules.IdentityKey(drinkName);
        var drinkId = Tables.DrinkId(barKey, drinkKey);
        var drinkItemKey = CatalogItems.DrinkKey(barKey, drinkKey);
        var drinkWordKeys = SearchWords.Indexed(drinkName).Select(word => SearchWords.DrinkKey(word, barKey, drinkKey)).ToList();
        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem
                    {
                        Delete = new Delete
                        {
                            TableName = names.PhotosTableName,
                            Key = CatalogItems.PhotoKey(drinkId, uploadId),
                            ConditionExpression = "attribute_exists(#pk)",
                            ExpressionAttributeNames = new() { ["#pk"] = Tables.Photos.DrinkId },
                        },
                    },
                    new TransactWriteItem { Update = CatalogUpdates.CountDown(names.DrinksTableName, drinkItemKey, Tables.Drinks.PhotoCount) },
                    new TransactWriteItem { Update = CatalogUpdates.CountDown(names.BarsTableName, CatalogItems.BarKey(barKey), Tables.Bars.PhotoCount) },
                    .. drinkWordKeys.Select(key => new TransactWriteItem { Update = CatalogUpdates.CountDown(names.SearchWordsTableName, key, Tables.Drinks.PhotoCount) }),
                ],
            }, cancellationToken);
        }
        catch (TransactionCanceledException)
        {
            return false;
        }

        await MoveLookupOffAsync(drinkId, drinkItemKey, drinkWordKeys, uploadId, cancellationToken);
        await MoveBarNewestAsync(barName, barKey, uploadId, cancellationToken);
        return true;
    }

    /// <summary>
    /// Hides a reported photo until a moderator keeps it: flagged on its photo item (left out of the drink's photo
    /// list), and the lookup, its search words and the bar's newest photo move off it as for a removal.
    /// </summary>
    public async Task HidePhotoAsync(string barName, string drinkName, string uploadId, CancellationToken cancellationToken)
    {
        var barKey = NameRules.IdentityKey(barName);
        var drinkKey = NameRules.IdentityKey(drinkName);
        var drinkId = Tables.DrinkId(barKey, drinkKey);
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = resources.Value.PhotosTableName,
                Key = CatalogItems.PhotoKey(drinkId, uploadId),
                UpdateExpression = "SET #hidden = :true",
                ConditionExpression = "attribute_exists(#pk)",
                ExpressionAttributeNames = new() { ["#hidden"] = Tables.Photos.Hidden, ["#pk"] = Tables.Photos.DrinkId },
                ExpressionAttributeValues = new() { [":true"] = new() { BOOL = true } },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            return;
        }

        var drinkItemKey = CatalogItems.DrinkKey(barKey, drinkKey);
        var drinkWordKeys = SearchWords.Indexed(drinkName).Select(word => SearchWords.DrinkKey(word, barKey, drinkKey)).ToList();
        await MoveLookupOffAsync(drinkId, drinkItemKey, drinkWordKeys, uploadId, cancellationToken);
        await MoveBarNewestAsync(barName, barKey, uploadId, cancellationToken);
    }

    /// <summary>
    /// Shows a hidden photo again (a moderator kept it): the flag goes, and the lookup (with its words) and the bar's
    /// newest photo move to it when it is newer than what they show.
    /// </summary>
    public async Task ShowPhotoAsync(string barName, string drinkName, string uploadId, CancellationToken cancellationToken)
    {
        var names = resources.Value;
        var barKey = NameRules.IdentityKey(barName);
        var drinkKey = NameRules.IdentityKey(drinkName);
        var drinkId = Tables.DrinkId(barKey, drinkKey);
        Dictionary<string, AttributeValue> photo;
        try
        {
            photo = (await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = names.PhotosTableName,
                Key = CatalogItems.PhotoKey(drinkId, uploadId),
                UpdateExpression = "REMOVE #hidden",
                ConditionExpression = "attribute_exists(#pk)",
                ExpressionAttributeNames = new() { ["#hidden"] = Tables.Photos.Hidden, ["#pk"] = Tables.Photos.DrinkId },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken)).Attributes;
        }
        catch (ConditionalCheckFailedException)
        {
            return;
        }

        var drinkItemKey = CatalogItems.DrinkKey(barKey, drinkKey);
        var lookup = CatalogUpdates.LookupFromPhoto(names.DrinksTableName, drinkItemKey, photo, removedUploadId: null);
        // The lookup's write names the photo's upload time #UploadedAt, :UploadedAt (every photo item has one).
        lookup.ConditionExpression = "attribute_not_exists(#UploadedAt) OR #UploadedAt < :UploadedAt";
        var barItemKey = CatalogItems.BarKey(barKey);
        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem { Update = lookup },
                    .. SearchWords.Indexed(drinkName).Select(word => new TransactWriteItem
                    {
                        Update = CatalogUpdates.LookupFromPhoto(names.SearchWordsTableName, SearchWords.DrinkKey(word, barKey, drinkKey), photo, removedUploadId: null),
                    }),
                ],
            }, cancellationToken);
        }
        catch (TransactionCanceledException)
        {
            // The lookup shows a newer photo: it stays.
        }

        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem { Update = CatalogUpdates.NewestPhotoOfBar(names.BarsTableName, barItemKey, photo[Tables.Photos.PhotoSortKey], photo[Tables.Drinks.UploadedAt], barName, "attribute_not_exists(#newestAt) OR #newestAt < :newestAt") },
                    .. SearchWords.Indexed(barName).Select(word => new TransactWriteItem
                    {
                        Update = CatalogUpdates.NewestPhotoOfBar(names.SearchWordsTableName, SearchWords.BarKey(word, barKey), photo[Tables.Photos.PhotoSortKey], photo[Tables.Drinks.UploadedAt], barName),
                    }),
                ],
            }, cancellationToken);
        }
        catch (TransactionCanceledException)
        {
            // The bar shows a newer photo.
        }
    }

    /// <summary>
    /// Moves the lookup (and its search words) off <paramref name="uploadId"/>, while it still shows it: to the newest
    /// visible photo left; with only hidden photos left the lookup's photo attributes go (the drink is then not shown,
    /// its count stays); with none left the drink item goes.
    /// </summary>
    private async Task MoveLookupOffAsync(
        string drinkId, Dictionary<string, AttributeValue> drinkItemKey, List<Dictionary<string, AttributeValue>> drinkWordKeys, string uploadId, CancellationToken cancellationToken)
    {
        var names = resources.Value;
        var (visible, anyLeft) = await NewestVisiblePhotoAsync(drinkId, uploadId, cancellationToken);
        var removedCondition = new Dictionary<string, AttributeValue> { [":removed"] = new() { S = uploadId } };
        TransactWriteItem drinkWrite;
        if (visible is not null)
        {
            drinkWrite = new TransactWriteItem { Update = CatalogUpdates.LookupFromPhoto(names.DrinksTableName, drinkItemKey, visible, uploadId) };
        }
        else if (anyLeft)
        {
            string[] photoAttributes = [Tables.Drinks.S3ObjectKey, Tables.Drinks.UploadId, Tables.Drinks.ContentType, Tables.Drinks.SizeBytes, Tables.Drinks.UploadedAt, Tables.Drinks.Version, Tables.Drinks.Width, Tables.Drinks.Height, Tables.Photos.ContentHash, Tables.Drinks.TakenAt, Tables.Drinks.CameraMake, Tables.Drinks.CameraModel, Tables.Drinks.Latitude, Tables.Drinks.Longitude];
            var attributeNames = photoAttributes.ToDictionary(name => $"#{name}");
            drinkWrite = new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = names.DrinksTableName,
                    Key = drinkItemKey,
                    UpdateExpression = "REMOVE " + string.Join(", ", attributeNames.Keys),
                    ConditionExpression = $"#{Tables.Drinks.UploadId} = :removed",
                    ExpressionAttributeNames = attributeNames,
                    ExpressionAttributeValues = removedCondition,
                },
            };
        }
        else
        {
            drinkWrite = new TransactWriteItem
            {
                Delete = new Delete
                {
                    TableName = names.DrinksTableName,
                    Key = drinkItemKey,
                    ConditionExpression = "#upload = :removed",
                    ExpressionAttributeNames = new() { ["#upload"] = Tables.Drinks.UploadId },
                    ExpressionAttributeValues = removedCondition,
                },
            };
        }

        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    drinkWrite,
                    .. drinkWordKeys.Select(key => visible is null
                        ? new TransactWriteItem { Delete = new Delete { TableName = names.SearchWordsTableName, Key = key } }
                        : new TransactWriteItem { Update = CatalogUpdates.LookupFromPhoto(names.SearchWordsTableName, key, visible, removedUploadId: null) }),
                ],
            }, cancellationToken);
        }
        catch (TransactionCanceledException)
        {
            // The lookup shows another photo (newer, or recorded meanwhile): it and its words stay.
        }
    }

    /// <summary>The newest photo of the drink other than <paramref name="except"/> that is not hidden, and whether any other photo is left.</summary>
    private async Task<(Dictionary<string, AttributeValue>? Visible, bool AnyLeft)> NewestVisiblePhotoAsync(string drinkId, string except, CancellationToken cancellationToken)
    {
        var query = new QueryRequest
        {
            TableName = resources.Value.PhotosTableName,
            KeyConditionExpression = "#drink = :drink",
            ExpressionAttributeNames = new() { ["#drink"] = Tables.Photos.DrinkId },
            ExpressionAttributeValues = new() { [":drink"] = new() { S = drinkId } },
            ScanIndexForward = false,
            Limit = 25,
        };
        var anyLeft = false;
        await foreach (var page in dynamo.Paginators.Query(query).Responses.WithCancellation(cancellationToken))
        {
            foreach (var item in page.Items ?? [])
            {
                if (item[Tables.Photos.PhotoSortKey].S == except)
                {
                    continue;
                }

                anyLeft = true;
                if (!item.ContainsKey(Tables.Photos.Hidden))
                {
                    return (item, true);
                }
            }
        }

        return (null, anyLeft);
    }

    /// <summary>
    /// After a removal: the bar's newest photo becomes the newest of its drinks' lookups, if it was the removed one; with
    /// no drink left the bar and its search words go, unless a photo was counted meanwhile.
    /// </summary>
    private async Task MoveBarNewestAsync(string barName, string barKey, string removedUploadId, CancellationToken cancellationToken)
    {
        var names = resources.Value;
        Dictionary<string, AttributeValue>? newest = null;
        var query = new QueryRequest
        {
            TableName = names.DrinksTableName,
            KeyConditionExpression = "#bar = :bar",
            ProjectionExpression = "#upload, #uploadedAt",
            ExpressionAttributeNames = new() { ["#bar"] = Tables.Drinks.BarName, ["#upload"] = Tables.Drinks.UploadId, ["#uploadedAt"] = Tables.Drinks.UploadedAt },
            ExpressionAttributeValues = new() { [":bar"] = new() { S = barKey } },
        };
        await foreach (var page in dynamo.Paginators.Query(query).Responses.WithCancellation(cancellationToken))
        {
            foreach (var item in page.Items ?? [])
            {
                if (item.ContainsKey(Tables.Drinks.UploadId) &&
                    (newest is null || string.CompareOrdinal(item[Tables.Drinks.UploadedAt].S, newest[Tables.Drinks.UploadedAt].S) > 0))
                {
                    newest = item;
                }
            }
        }

        var barItemKey = CatalogItems.BarKey(barKey);
        var barWordKeys = SearchWords.Indexed(barName).Select(word => SearchWords.BarKey(word, barKey)).ToList();
        List<TransactWriteItem> writes;
        if (newest is null)
        {
            writes =
            [
                new TransactWriteItem
                {
                    Delete = new Delete
                    {
                        TableName = names.BarsTableName,
                        Key = barItemKey,
                        ConditionExpression = "attribute_not_exists(#count) OR #count <= :zero",
                        ExpressionAttributeNames = new() { ["#count"] = Tables.Bars.PhotoCount },
                        ExpressionAttributeValues = new() { [":zero"] = StoredValues.Number(0) },
                    },
                },
                .. barWordKeys.Select(key => new TransactWriteItem { Delete = new Delete { TableName = names.SearchWordsTableName, Key = key } }),
            ];
        }
        else
        {
            // The words follow the bar item's condition; a word written before words existed gets the bar's name too.
            writes =
            [
                new TransactWriteItem
                {
                    Update = CatalogUpdates.NewestPhotoOfBar(names.BarsTableName, barItemKey, newest[Tables.Drinks.UploadId], newest[Tables.Drinks.UploadedAt], barName,
                        "#newestId = :removed OR attribute_not_exists(#newestId)", removedUploadId),
                },
                .. barWordKeys.Select(key => new TransactWriteItem
                {
                    Update = CatalogUpdates.NewestPhotoOfBar(names.SearchWordsTableName, key, newest[Tables.Drinks.UploadId], newest[Tables.Drinks.UploadedAt], barName),
                }),
            ];
        }

        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = writes }, cancellationToken);
        }
        catch (TransactionCanceledException) when (newest is null)
        {
            // Photos are left but all hidden (or one was recorded meanwhile): the bar stays, without the removed photo
            // as its thumbnail.
            await ForgetBarNewestAsync(barItemKey, barWordKeys, removedUploadId, cancellationToken);
        }
        catch (TransactionCanceledException)
        {
            // A photo was recorded meanwhile, or the bar's newest is another photo: it stays as it is.
        }
    }

    private async Task ForgetBarNewestAsync(
        Dictionary<string, AttributeValue> barItemKey, List<Dictionary<string, AttributeValue>> barWordKeys, string removedUploadId, CancellationToken cancellationToken)
    {
        Update Forget(string tableName, Dictionary<string, AttributeValue> key, bool conditional) => new()
        {
            TableName = tableName,
            Key = key,
            UpdateExpression = "REMOVE #newestId, #newestAt",
            ConditionExpression = conditional ? "#newestId = :removed" : null,
            ExpressionAttributeNames = new() { ["#newestId"] = Tables.Bars.NewestUploadId, ["#newestAt"] = Tables.Bars.NewestAt },
            ExpressionAttributeValues = conditional ? new() { [":removed"] = new() { S = removedUploadId } } : null,
        };

        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem { Update = Forget(resources.Value.BarsTableName, barItemKey, conditional: true) },
                    .. barWordKeys.Select(key => new TransactWriteItem { Update = Forget(resources.Value.SearchWordsTableName, key, conditional: false) }),
                ],
            }, cancellationToken);
        }
        catch (TransactionCanceledException)
        {
            // The bar shows another photo now.
        }
    }
}
