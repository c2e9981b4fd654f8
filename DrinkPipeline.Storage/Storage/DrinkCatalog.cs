using DrinkPipeline.Contracts;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage;

/// <summary>What the image itself says: size as displayed, content hash and the EXIF facts kept.</summary>
public sealed record PhotoDetails(
    int Width,
    int Height,
    string Sha256,
    DateTimeOffset? TakenAt,
    string? CameraMake,
    string? CameraModel,
    double? Latitude,
    double? Longitude);

/// <summary>An accepted photo, as the worker records it.</summary>
public sealed record PhotoRecord(
    string BarName,
    string DrinkName,
    string ObjectKey,
    string UploadId,
    string ContentType,
    long SizeBytes,
    DateTimeOffset UploadedAt,
    DateTimeOffset LastModified,
    string ETag,
    PhotoDetails Details)
{
    /// <summary>
    /// Orders photos of one drink: S3 event time, then LastModified, then ETag (the emulator's events carry no
    /// sequencer). Fixed-width timestamps make string order equal time order.
    /// </summary>
    public string Version =>
        $"{UploadStore.Format(UploadedAt)}|{UploadStore.Format(LastModified)}|{ETag}";
}

/// <summary>The newest photo of a drink, as the lookup returns it.</summary>
public sealed record DrinkItem(
    string BarName,
    string DrinkName,
    string ObjectKey,
    string UploadId,
    string ContentType,
    long SizeBytes,
    DateTimeOffset UploadedAt,
    int PhotoCount,
    PhotoDetails? Details);

/// <summary>One photo of a drink, as the photos table keeps it.</summary>
public sealed record DrinkPhoto(
    string UploadId,
    string ObjectKey,
    string ContentType,
    long SizeBytes,
    DateTimeOffset UploadedAt,
    PhotoDetails? Details);

/// <summary>An earlier photo of the same drink with the same content.</summary>
public sealed record ExistingPhoto(string UploadId, string ObjectKey);

/// <summary>The drinks (lookup), photos and bars tables: written by the worker, read by the API.</summary>
public sealed class DrinkCatalog(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources)
{
    public const int MaxListLength = 100;

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
        var drinkItemKey = new Dictionary<string, AttributeValue>
        {
            [Tables.Drinks.BarName] = new() { S = barKey },
            [Tables.Drinks.DrinkName] = new() { S = drinkKey },
        };

        var details = DetailAttributes(photo.Details);
        var photoItem = new Dictionary<string, AttributeValue>
        {
            [Tables.Photos.DrinkId] = new() { S = Tables.DrinkId(barKey, drinkKey) },
            [Tables.Photos.PhotoSortKey] = new() { S = photo.UploadId },
            [Tables.Drinks.BarDisplayName] = new() { S = photo.BarName },
            [Tables.Drinks.DrinkDisplayName] = new() { S = photo.DrinkName },
            [Tables.Drinks.S3ObjectKey] = new() { S = photo.ObjectKey },
            [Tables.Drinks.ContentType] = new() { S = photo.ContentType },
            [Tables.Drinks.SizeBytes] = Number(photo.SizeBytes),
            [Tables.Drinks.UploadedAt] = new() { S = UploadStore.Format(photo.UploadedAt) },
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
            var drinkUpdate = new TransactWriteItem { Update = DrinkUpdate(names.DrinksTableName, drinkItemKey, photo, details, photoIsNew, lookupIsOlder, conditional: true) };
            List<TransactWriteItem?> items =
            [
                photoPut,
                drinkUpdate,
                new() { Update = BarUpdate(names.BarsTableName, new() { [Tables.Bars.BarName] = new() { S = barKey } }, photo, registration: true, photoIsNew, lookupIsOlder) },
                new() { Update = markReady },
                .. drinkWords.Select(word => new TransactWriteItem
                {
                    Update = DrinkUpdate(names.SearchWordsTableName, SearchWords.DrinkKey(word, barKey, drinkKey), photo, details, photoIsNew, lookupIsOlder, conditional: false),
                }),
                .. barWords.Select(word => new TransactWriteItem
                {
                    Update = BarUpdate(names.SearchWordsTableName, SearchWords.BarKey(word, barKey), photo, registration: false, photoIsNew, lookupIsOlder),
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
        var drinkItemKey = new Dictionary<string, AttributeValue>
        {
            [Tables.Drinks.BarName] = new() { S = barKey },
            [Tables.Drinks.DrinkName] = new() { S = drinkKey },
        };
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
                            Key = PhotoKey(drinkId, uploadId),
                            ConditionExpression = "attribute_exists(#pk)",
                            ExpressionAttributeNames = new() { ["#pk"] = Tables.Photos.DrinkId },
                        },
                    },
                    new TransactWriteItem { Update = CountDown(names.DrinksTableName, drinkItemKey, Tables.Drinks.PhotoCount) },
                    new TransactWriteItem { Update = CountDown(names.BarsTableName, new() { [Tables.Bars.BarName] = new() { S = barKey } }, Tables.Bars.PhotoCount) },
                    .. drinkWordKeys.Select(key => new TransactWriteItem { Update = CountDown(names.SearchWordsTableName, key, Tables.Drinks.PhotoCount) }),
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
            drinkWrite = new TransactWriteItem { Update = LookupFromPhoto(names.DrinksTableName, drinkItemKey, visible, uploadId) };
        }
        else if (anyLeft)
        {
            string[] photoAttributes = [Tables.Drinks.S3ObjectKey, Tables.Drinks.UploadId, Tables.Drinks.ContentType, Tables.Drinks.SizeBytes, Tables.Drinks.UploadedAt, Tables.Drinks.Version, Tables.Drinks.Width, Tables.Drinks.Height, Tables.Photos.ContentHash, Tables.Drinks.TakenAt, Tables.Drinks.CameraMake, Tables.Drinks.CameraModel, Tables.Drinks.Latitude, Tables.Drinks.Longitude];
            var attributeNames = photoAttributes.Select((name, i) => (Placeholder: $"#p{i}", name)).ToDictionary(pair => pair.Placeholder, pair => pair.name);
            drinkWrite = new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = names.DrinksTableName,
                    Key = drinkItemKey,
                    UpdateExpression = "REMOVE " + string.Join(", ", attributeNames.Keys),
                    ConditionExpression = $"{attributeNames.Single(pair => pair.Value == Tables.Drinks.UploadId).Key} = :removed",
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
                        : new TransactWriteItem { Update = LookupFromPhoto(names.SearchWordsTableName, key, visible, removedUploadId: null) }),
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
                Key = PhotoKey(drinkId, uploadId),
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

        var drinkItemKey = new Dictionary<string, AttributeValue> { [Tables.Drinks.BarName] = new() { S = barKey }, [Tables.Drinks.DrinkName] = new() { S = drinkKey } };
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
                Key = PhotoKey(drinkId, uploadId),
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

        var drinkItemKey = new Dictionary<string, AttributeValue> { [Tables.Drinks.BarName] = new() { S = barKey }, [Tables.Drinks.DrinkName] = new() { S = drinkKey } };
        var lookup = LookupFromPhoto(names.DrinksTableName, drinkItemKey, photo, removedUploadId: null);
        lookup.ConditionExpression = "attribute_not_exists(#uploadedAt) OR #uploadedAt < :uploadedAt";
        lookup.ExpressionAttributeNames["#uploadedAt"] = Tables.Drinks.UploadedAt;
        lookup.ExpressionAttributeValues[":uploadedAt"] = photo[Tables.Drinks.UploadedAt];
        var barItemKey = new Dictionary<string, AttributeValue> { [Tables.Bars.BarName] = new() { S = barKey } };
        try
        {
            await dynamo.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem { Update = lookup },
                    .. SearchWords.Indexed(drinkName).Select(word => new TransactWriteItem
                    {
                        Update = LookupFromPhoto(names.SearchWordsTableName, SearchWords.DrinkKey(word, barKey, drinkKey), photo, removedUploadId: null),
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
                    new TransactWriteItem { Update = NewestPhotoOfBar(names.BarsTableName, barItemKey, photo[Tables.Photos.PhotoSortKey], photo[Tables.Drinks.UploadedAt], barName, "attribute_not_exists(#newestAt) OR #newestAt < :newestAt") },
                    .. SearchWords.Indexed(barName).Select(word => new TransactWriteItem
                    {
                        Update = NewestPhotoOfBar(names.SearchWordsTableName, SearchWords.BarKey(word, barKey), photo[Tables.Photos.PhotoSortKey], photo[Tables.Drinks.UploadedAt], barName),
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
    /// Makes a photo the bar's newest (its thumbnail and search order) on the bar item or one of its words, which also
    /// gets the bar's name if it lacks it; <paramref name="condition"/> may name <c>:newestAt</c> and <c>:removed</c>.
    /// </summary>
    private static Update NewestPhotoOfBar(
        string tableName,
        Dictionary<string, AttributeValue> key,
        AttributeValue uploadId,
        AttributeValue uploadedAt,
        string barName,
        string? condition = null,
        string? removedUploadId = null)
    {
        var update = new Update
        {
            TableName = tableName,
            Key = key,
            UpdateExpression = "SET #newestId = :newestId, #newestAt = :newestAt, #display = if_not_exists(#display, :display)",
            ConditionExpression = condition,
            ExpressionAttributeNames = new() { ["#newestId"] = Tables.Bars.NewestUploadId, ["#newestAt"] = Tables.Bars.NewestAt, ["#display"] = Tables.Bars.DisplayName },
            ExpressionAttributeValues = new()
            {
                [":newestId"] = uploadId,
                [":newestAt"] = uploadedAt,
                [":display"] = new() { S = barName },
            },
        };
        if (removedUploadId is not null)
        {
            update.ExpressionAttributeValues[":removed"] = new() { S = removedUploadId };
        }

        return update;
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

        var barItemKey = new Dictionary<string, AttributeValue> { [Tables.Bars.BarName] = new() { S = barKey } };
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
                        ExpressionAttributeValues = new() { [":zero"] = Number(0) },
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
                    Update = NewestPhotoOfBar(names.BarsTableName, barItemKey, newest[Tables.Drinks.UploadId], newest[Tables.Drinks.UploadedAt], barName,
                        "#newestId = :removed OR attribute_not_exists(#newestId)", removedUploadId),
                },
                .. barWordKeys.Select(key => new TransactWriteItem
                {
                    Update = NewestPhotoOfBar(names.SearchWordsTableName, key, newest[Tables.Drinks.UploadId], newest[Tables.Drinks.UploadedAt], barName),
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

    private static Update CountDown(string tableName, Dictionary<string, AttributeValue> key, string countAttribute) => new()
    {
        TableName = tableName,
        Key = key,
        UpdateExpression = "ADD #count :minusOne",
        ExpressionAttributeNames = new() { ["#count"] = countAttribute },
        ExpressionAttributeValues = new() { [":minusOne"] = Number(-1) },
    };

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

    public async Task<DrinkItem?> GetDrinkAsync(string barName, string drinkName, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = resources.Value.DrinksTableName,
            Key = new()
            {
                [Tables.Drinks.BarName] = new() { S = NameRules.IdentityKey(barName) },
                [Tables.Drinks.DrinkName] = new() { S = NameRules.IdentityKey(drinkName) },
            },
        }, cancellationToken);

        return response.Item is { Count: > 0 } item ? ToDrink(item) : null;
    }

    /// <summary>The bar's drinks that have a photo, by accent-insensitive name order; optionally by name prefix.</summary>
    public async Task<Page<DrinkItem>> ListDrinksAsync(string barName, string? prefix, int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = resources.Value.DrinksTableName,
            IndexName = Tables.Drinks.SearchIndex,
            KeyConditionExpression = "#bar = :bar",
            ExpressionAttributeNames = new() { ["#bar"] = Tables.Drinks.BarName },
            ExpressionAttributeValues = new() { [":bar"] = new() { S = NameRules.IdentityKey(barName) } },
            Limit = limit + 1,
            ExclusiveStartKey = after,
        };
        if (!string.IsNullOrEmpty(prefix))
        {
            request.KeyConditionExpression += " AND begins_with(#search, :prefix)";
            request.ExpressionAttributeNames["#search"] = Tables.Drinks.DrinkSearchKey;
            request.ExpressionAttributeValues[":prefix"] = new() { S = NameRules.SearchKey(prefix) };
        }

        var response = await dynamo.QueryAsync(request, cancellationToken);
        var (items, next) = Page.Trim(response.Items, limit, Tables.Drinks.BarName, Tables.Drinks.DrinkName, Tables.Drinks.DrinkSearchKey);
        return new Page<DrinkItem>(items.Select(ToDrink).OfType<DrinkItem>().ToList(), next);
    }

    /// <summary>The drink at every bar that has it, newest photo first (the drink → bars index).</summary>
    public async Task<Page<DrinkItem>> ListBarsServingAsync(string drinkName, int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = resources.Value.DrinksTableName,
            IndexName = Tables.Drinks.ByNameIndex,
            KeyConditionExpression = "#drink = :drink",
            ExpressionAttributeNames = new() { ["#drink"] = Tables.Drinks.DrinkName },
            ExpressionAttributeValues = new() { [":drink"] = new() { S = NameRules.IdentityKey(drinkName) } },
            ScanIndexForward = false,
            Limit = limit + 1,
            ExclusiveStartKey = after,
        }, cancellationToken);
        var (items, next) = Page.Trim(response.Items, limit, Tables.Drinks.BarName, Tables.Drinks.DrinkName, Tables.Drinks.UploadedAt);
        return new Page<DrinkItem>(items.Select(ToDrink).OfType<DrinkItem>().ToList(), next);
    }

    /// <summary>How many drinks the bar has: a count of its keys (one query, no items returned).</summary>
    public async Task<int> CountDrinksAsync(string barName, CancellationToken cancellationToken)
    {
        var query = new QueryRequest
        {
            TableName = resources.Value.DrinksTableName,
            KeyConditionExpression = "#bar = :bar",
            ExpressionAttributeNames = new() { ["#bar"] = Tables.Drinks.BarName },
            ExpressionAttributeValues = new() { [":bar"] = new() { S = NameRules.IdentityKey(barName) } },
            Select = Select.COUNT,
        };
        var count = 0;
        await foreach (var page in dynamo.Paginators.Query(query).Responses.WithCancellation(cancellationToken))
        {
            count += page.Count ?? 0;
        }

        return count;
    }

    /// <summary>The drink's photos, newest first (upload ids are version 7 GUIDs, so their order is upload order).</summary>
    public async Task<Page<DrinkPhoto>> ListPhotosAsync(string barName, string drinkName, int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var (items, next) = await QueryPhotosAsync(Tables.DrinkId(NameRules.IdentityKey(barName), NameRules.IdentityKey(drinkName)), limit, after, cancellationToken);
        return new Page<DrinkPhoto>(items.Select(ToPhoto).ToList(), next);
    }

    /// <summary>One photo of a drink by its upload id; null when the drink has no such photo.</summary>
    public async Task<DrinkPhoto?> GetPhotoAsync(string barName, string drinkName, string uploadId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = resources.Value.PhotosTableName,
            Key = PhotoKey(Tables.DrinkId(NameRules.IdentityKey(barName), NameRules.IdentityKey(drinkName)), uploadId),
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? ToPhoto(item) : null;
    }

    private static DrinkPhoto ToPhoto(Dictionary<string, AttributeValue> item) => new(
        item[Tables.Photos.PhotoSortKey].S,
        item[Tables.Drinks.S3ObjectKey].S,
        item[Tables.Drinks.ContentType].S,
        long.Parse(item[Tables.Drinks.SizeBytes].N, CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(item[Tables.Drinks.UploadedAt].S, CultureInfo.InvariantCulture),
        ToDetails(item));

    /// <summary>
    /// Visible photo items of one drink, newest first, as stored. Hidden ones are filtered out, and a query's limit
    /// counts what it reads before the filter, so it reads on until the page (and one more) is full or the drink ends.
    /// </summary>
    private async Task<(List<Dictionary<string, AttributeValue>> Items, Dictionary<string, AttributeValue>? Next)> QueryPhotosAsync(
        string drinkId, int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var query = new QueryRequest
        {
            TableName = resources.Value.PhotosTableName,
            KeyConditionExpression = "#drink = :drink",
            FilterExpression = "attribute_not_exists(#hidden)",
            ExpressionAttributeNames = new() { ["#drink"] = Tables.Photos.DrinkId, ["#hidden"] = Tables.Photos.Hidden },
            ExpressionAttributeValues = new() { [":drink"] = new() { S = drinkId } },
            ScanIndexForward = false,
            Limit = limit + 1,
            ExclusiveStartKey = after,
        };
        var items = new List<Dictionary<string, AttributeValue>>();
        await foreach (var page in dynamo.Paginators.Query(query).Responses.WithCancellation(cancellationToken))
        {
            items.AddRange(page.Items ?? []);
            if (items.Count > limit)
            {
                break;
            }
        }

        return Page.Trim(items, limit, Tables.Photos.DrinkId, Tables.Photos.PhotoSortKey);
    }

    private static Dictionary<string, AttributeValue> PhotoKey(string drinkId, string uploadId) => new()
    {
        [Tables.Photos.DrinkId] = new() { S = drinkId },
        [Tables.Photos.PhotoSortKey] = new() { S = uploadId },
    };

    /// <summary>Bar names whose accent-free, case-folded form starts with the prefix's.</summary>
    public async Task<Page<string>> FindBarsAsync(string prefix, int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var searchPrefix = NameRules.SearchKey(prefix);
        if (searchPrefix.Length == 0)
        {
            // No prefix: a bounded scan, in pages, is enough for a browse list; autocomplete always sends a prefix.
            var scan = await dynamo.ScanAsync(new ScanRequest { TableName = resources.Value.BarsTableName, Limit = limit + 1, ExclusiveStartKey = after }, cancellationToken);
            var (bars, nextBars) = Page.Trim(scan.Items, limit, Tables.Bars.BarName);
            return new Page<string>(bars.Select(item => item[Tables.Bars.DisplayName].S).Order(StringComparer.CurrentCultureIgnoreCase).ToList(), nextBars);
        }

        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = resources.Value.BarsTableName,
            IndexName = Tables.Bars.SearchIndex,
            KeyConditionExpression = "#shard = :shard AND begins_with(#search, :prefix)",
            ExpressionAttributeNames = new() { ["#shard"] = Tables.Bars.SearchShard, ["#search"] = Tables.Bars.SearchKey },
            ExpressionAttributeValues = new()
            {
                [":shard"] = new() { S = Tables.SearchShard(searchPrefix) },
                [":prefix"] = new() { S = searchPrefix },
            },
            Limit = limit + 1,
            ExclusiveStartKey = after,
        }, cancellationToken);
        var (items, next) = Page.Trim(response.Items, limit, Tables.Bars.BarName, Tables.Bars.SearchShard, Tables.Bars.SearchKey);
        return new Page<string>(items.Select(item => item[Tables.Bars.DisplayName].S).ToList(), next);
    }

    /// <summary>
    /// The bar's write for a photo: its name as first given (the name shown); for the bar item itself
    /// (<paramref name="registration"/>) its autocomplete keys and photo count; and the bar's newest photo when the
    /// photo is the newest of its drink. That is the newest the bar has seen processed, not a maximum: a late, older photo
    /// of another drink can take it. The bar's thumbnail and its place in search order come from it.
    /// </summary>
    private static Update BarUpdate(
        string tableName,
        Dictionary<string, AttributeValue> key,
        PhotoRecord photo,
        bool registration,
        bool countPhoto,
        bool moveNewest)
    {
        var names = new Dictionary<string, string> { ["#display"] = Tables.Bars.DisplayName };
        var values = new Dictionary<string, AttributeValue> { [":display"] = new() { S = photo.BarName } };
        // if_not_exists rather than a failing condition: the bar usually exists, and that is not an error.
        var sets = new List<string> { "#display = if_not_exists(#display, :display)" };
        if (registration)
        {
            var searchKey = Tables.SearchSortKey(photo.BarName);
            sets.Add("#shard = if_not_exists(#shard, :shard)");
            sets.Add("#search = if_not_exists(#search, :search)");
            names["#shard"] = Tables.Bars.SearchShard;
            names["#search"] = Tables.Bars.SearchKey;
            values[":shard"] = new() { S = Tables.SearchShard(searchKey) };
            values[":search"] = new() { S = searchKey };
        }

        if (moveNewest)
        {
            sets.Add("#newestId = :newestId");
            sets.Add("#newestAt = :newestAt");
            names["#newestId"] = Tables.Bars.NewestUploadId;
            names["#newestAt"] = Tables.Bars.NewestAt;
            values[":newestId"] = new() { S = photo.UploadId };
            values[":newestAt"] = new() { S = UploadStore.Format(photo.UploadedAt) };
        }

        var expression = $"SET {string.Join(", ", sets)}";
        if (registration && countPhoto)
        {
            expression += " ADD #count :one";
            names["#count"] = Tables.Bars.PhotoCount;
            values[":one"] = Number(1);
        }

        return new Update
        {
            TableName = tableName,
            Key = key,
            UpdateExpression = expression,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    internal static DrinkItem? ToDrink(Dictionary<string, AttributeValue> item)
    {
        // A drink row gets its lookup with its first photo; one without is not shown.
        if (!item.TryGetValue(Tables.Drinks.S3ObjectKey, out var objectKey))
        {
            return null;
        }

        return new DrinkItem(
            item[Tables.Drinks.BarDisplayName].S,
            item[Tables.Drinks.DrinkDisplayName].S,
            objectKey.S,
            item[Tables.Drinks.UploadId].S,
            item[Tables.Drinks.ContentType].S,
            long.Parse(item[Tables.Drinks.SizeBytes].N, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(item[Tables.Drinks.UploadedAt].S, CultureInfo.InvariantCulture),
            item.TryGetValue(Tables.Drinks.PhotoCount, out var count) ? int.Parse(count.N, CultureInfo.InvariantCulture) : 1,
            ToDetails(item));
    }

    private static PhotoDetails? ToDetails(Dictionary<string, AttributeValue> item)
    {
        if (!item.TryGetValue(Tables.Drinks.Width, out var width) || !item.TryGetValue(Tables.Drinks.Height, out var height) ||
            !item.TryGetValue(Tables.Photos.ContentHash, out var hash))
        {
            return null;
        }

        return new PhotoDetails(
            int.Parse(width.N, CultureInfo.InvariantCulture),
            int.Parse(height.N, CultureInfo.InvariantCulture),
            hash.S,
            item.TryGetValue(Tables.Drinks.TakenAt, out var takenAt) ? DateTimeOffset.Parse(takenAt.S, CultureInfo.InvariantCulture) : null,
            item.TryGetValue(Tables.Drinks.CameraMake, out var make) ? make.S : null,
            item.TryGetValue(Tables.Drinks.CameraModel, out var model) ? model.S : null,
            item.TryGetValue(Tables.Drinks.Latitude, out var latitude) ? double.Parse(latitude.N, CultureInfo.InvariantCulture) : null,
            item.TryGetValue(Tables.Drinks.Longitude, out var longitude) ? double.Parse(longitude.N, CultureInfo.InvariantCulture) : null);
    }

    /// <summary>The image facts as attributes; null where the photo has none (so the lookup removes an older value).</summary>
    private static Dictionary<string, AttributeValue?> DetailAttributes(PhotoDetails details) => new()
    {
        [Tables.Drinks.Width] = Number(details.Width),
        [Tables.Drinks.Height] = Number(details.Height),
        [Tables.Photos.ContentHash] = new() { S = details.Sha256 },
        [Tables.Drinks.TakenAt] = details.TakenAt is { } takenAt ? new() { S = UploadStore.Format(takenAt) } : null,
        [Tables.Drinks.CameraMake] = details.CameraMake is { } make ? new() { S = make } : null,
        [Tables.Drinks.CameraModel] = details.CameraModel is { } model ? new() { S = model } : null,
        [Tables.Drinks.Latitude] = details.Latitude is { } latitude ? new() { N = latitude.ToString("R", CultureInfo.InvariantCulture) } : null,
        [Tables.Drinks.Longitude] = details.Longitude is { } longitude ? new() { N = longitude.ToString("R", CultureInfo.InvariantCulture) } : null,
    };

    /// <summary>
    /// The drink item's write: its names (first given stay), plus one to the count when <paramref name="countPhoto"/>,
    /// and the lookup moved to <paramref name="photo"/> when <paramref name="moveLookup"/>, on condition
    /// (<paramref name="conditional"/>; the search words' copies have none) that it shows neither this photo nor a newer one.
    /// </summary>
    private static Update DrinkUpdate(
        string tableName,
        Dictionary<string, AttributeValue> key,
        PhotoRecord photo,
        Dictionary<string, AttributeValue?> details,
        bool countPhoto,
        bool moveLookup,
        bool conditional)
    {
        var names = new Dictionary<string, string>
        {
            ["#barDisplay"] = Tables.Drinks.BarDisplayName,
            ["#drinkDisplay"] = Tables.Drinks.DrinkDisplayName,
            ["#search"] = Tables.Drinks.DrinkSearchKey,
        };
        var attributeValues = new Dictionary<string, AttributeValue>
        {
            [":bar"] = new() { S = photo.BarName },
            [":drink"] = new() { S = photo.DrinkName },
            [":search"] = new() { S = Tables.SearchSortKey(photo.DrinkName) },
        };
        var sets = new List<string>
        {
            "#barDisplay = if_not_exists(#barDisplay, :bar)",
            "#drinkDisplay = if_not_exists(#drinkDisplay, :drink)",
            "#search = if_not_exists(#search, :search)",
        };
        var removes = new List<string>();
        string? condition = null;
        if (moveLookup)
        {
            var values = new Dictionary<string, AttributeValue?>
            {
                [Tables.Drinks.S3ObjectKey] = new() { S = photo.ObjectKey },
                [Tables.Drinks.UploadId] = new() { S = photo.UploadId },
                [Tables.Drinks.ContentType] = new() { S = photo.ContentType },
                [Tables.Drinks.SizeBytes] = Number(photo.SizeBytes),
                [Tables.Drinks.UploadedAt] = new() { S = UploadStore.Format(photo.UploadedAt) },
                [Tables.Drinks.Version] = new() { S = photo.Version },
            };
            foreach (var (name, value) in details)
            {
                values[name] = value;
            }

            var index = 0;
            foreach (var (name, value) in values)
            {
                var placeholder = $"a{index++}";
                names[$"#{placeholder}"] = name;
                if (value is null)
                {
                    removes.Add($"#{placeholder}");
                }
                else
                {
                    sets.Add($"#{placeholder} = :{placeholder}");
                    attributeValues[$":{placeholder}"] = value;
                }
            }

            if (conditional)
            {
                names["#version"] = Tables.Drinks.Version;
                attributeValues[":version"] = new() { S = photo.Version };
                condition = "attribute_not_exists(#version) OR #version < :version";
            }
        }

        var expression = $"SET {string.Join(", ", sets)}" + (removes.Count > 0 ? $" REMOVE {string.Join(", ", removes)}" : "");
        if (countPhoto)
        {
            expression += " ADD #count :one";
            names["#count"] = Tables.Drinks.PhotoCount;
            attributeValues[":one"] = Number(1);
        }

        return new Update
        {
            TableName = tableName,
            Key = key,
            UpdateExpression = expression,
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = attributeValues,
        };
    }

    /// <summary>
    /// Points the lookup at a remaining photo, while it still shows <paramref name="removedUploadId"/>; the search words'
    /// copies (no <paramref name="removedUploadId"/>) follow the lookup's condition, and get the names if they lack them.
    /// </summary>
    private static Update LookupFromPhoto(
        string tableName,
        Dictionary<string, AttributeValue> key,
        Dictionary<string, AttributeValue> photo,
        string? removedUploadId)
    {
        string[] copied = [Tables.Drinks.S3ObjectKey, Tables.Drinks.ContentType, Tables.Drinks.SizeBytes, Tables.Drinks.UploadedAt, Tables.Drinks.Width, Tables.Drinks.Height, Tables.Photos.ContentHash, Tables.Drinks.TakenAt, Tables.Drinks.CameraMake, Tables.Drinks.CameraModel, Tables.Drinks.Latitude, Tables.Drinks.Longitude];
        var names = new Dictionary<string, string> { ["#upload"] = Tables.Drinks.UploadId, ["#version"] = Tables.Drinks.Version };
        var values = new Dictionary<string, AttributeValue>
        {
            [":upload"] = new() { S = photo[Tables.Photos.PhotoSortKey].S },
            // Below any version of the same upload time (the worker's carry LastModified and ETag after the "|"), so a
            // late event for a photo may still take the lookup over.
            [":version"] = new() { S = photo[Tables.Drinks.UploadedAt].S + "|" },
        };
        var sets = new List<string> { "#upload = :upload", "#version = :version" };
        var removes = new List<string>();
        for (var i = 0; i < copied.Length; i++)
        {
            names[$"#c{i}"] = copied[i];
            if (photo.TryGetValue(copied[i], out var value))
            {
                sets.Add($"#c{i} = :c{i}");
                values[$":c{i}"] = value;
            }
            else
            {
                removes.Add($"#c{i}");
            }
        }

        string? condition = null;
        if (removedUploadId is null)
        {
            sets.Add("#barDisplay = if_not_exists(#barDisplay, :barDisplay)");
            sets.Add("#drinkDisplay = if_not_exists(#drinkDisplay, :drinkDisplay)");
            names["#barDisplay"] = Tables.Drinks.BarDisplayName;
            names["#drinkDisplay"] = Tables.Drinks.DrinkDisplayName;
            values[":barDisplay"] = photo[Tables.Drinks.BarDisplayName];
            values[":drinkDisplay"] = photo[Tables.Drinks.DrinkDisplayName];
        }
        else
        {
            condition = "#upload = :removed";
            values[":removed"] = new() { S = removedUploadId };
        }

        return new Update
        {
            TableName = tableName,
            Key = key,
            UpdateExpression = $"SET {string.Join(", ", sets)}" + (removes.Count > 0 ? $" REMOVE {string.Join(", ", removes)}" : ""),
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
