using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace DrinkPipeline.Storage.Catalog;

/// <summary>
/// The catalog's writes as values, built without a request: what the worker's transaction and moderation send, and what
/// the unit tests read.
/// </summary>
internal static class CatalogUpdates
{
    /// <summary>
    /// The drink item's write: its names (first given stay), plus one to the count when <paramref name="countPhoto"/>,
    /// and the lookup moved to <paramref name="photo"/> when <paramref name="moveLookup"/>, on condition
    /// (<paramref name="conditional"/>; the search words' copies have none) that it shows neither this photo nor a newer one.
    /// </summary>
    internal static Update DrinkUpdate(
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
                [Tables.Drinks.SizeBytes] = StoredValues.Number(photo.SizeBytes),
                [Tables.Drinks.UploadedAt] = new() { S = StoredValues.Format(photo.UploadedAt) },
                [Tables.Drinks.Version] = new() { S = photo.Version },
            };
            foreach (var (name, value) in details)
            {
                values[name] = value;
            }

            // Each attribute's placeholders are its own name: #UploadId, :UploadId.
            foreach (var (name, value) in values)
            {
                names[$"#{name}"] = name;
                if (value is null)
                {
                    removes.Add($"#{name}");
                }
                else
                {
                    sets.Add($"#{name} = :{name}");
                    attributeValues[$":{name}"] = value;
                }
            }

            if (conditional)
            {
                condition = "attribute_not_exists(#Version) OR #Version < :Version";
            }
        }

        var expression = $"SET {string.Join(", ", sets)}" + (removes.Count > 0 ? $" REMOVE {string.Join(", ", removes)}" : "");
        if (countPhoto)
        {
            expression += " ADD #count :one";
            names["#count"] = Tables.Drinks.PhotoCount;
            attributeValues[":one"] = StoredValues.Number(1);
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
    /// The bar's write for a photo: its name as first given (the name shown); for the bar item itself
    /// (<paramref name="registration"/>) its autocomplete keys and photo count; and the bar's newest photo when the
    /// photo is the newest of its drink. That is the newest the bar has seen processed, not a maximum: a late, older photo
    /// of another drink can take it. The bar's thumbnail and its place in search order come from it.
    /// </summary>
    internal static Update BarUpdate(
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
            values[":newestAt"] = new() { S = StoredValues.Format(photo.UploadedAt) };
        }

        var expression = $"SET {string.Join(", ", sets)}";
        if (registration && countPhoto)
        {
            expression += " ADD #count :one";
            names["#count"] = Tables.Bars.PhotoCount;
            values[":one"] = StoredValues.Number(1);
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

    /// <summary>
    /// Points the lookup at a remaining photo, while it still shows <paramref name="removedUploadId"/>; the search words'
    /// copies (no <paramref name="removedUploadId"/>) follow the lookup's condition, and get the names if they lack them.
    /// </summary>
    internal static Update LookupFromPhoto(
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
        foreach (var name in copied)
        {
            names[$"#{name}"] = name;
            if (photo.TryGetValue(name, out var value))
            {
                sets.Add($"#{name} = :{name}");
                values[$":{name}"] = value;
            }
            else
            {
                removes.Add($"#{name}");
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

    /// <summary>
    /// Makes a photo the bar's newest (its thumbnail and search order) on the bar item or one of its words, which also
    /// gets the bar's name if it lacks it; <paramref name="condition"/> may name <c>:newestAt</c> and <c>:removed</c>.
    /// </summary>
    internal static Update NewestPhotoOfBar(
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

    internal static Update CountDown(string tableName, Dictionary<string, AttributeValue> key, string countAttribute) => new()
    {
        TableName = tableName,
        Key = key,
        UpdateExpression = "ADD #count :minusOne",
        ExpressionAttributeNames = new() { ["#count"] = countAttribute },
        ExpressionAttributeValues = new() { [":minusOne"] = StoredValues.Number(-1) },
    };

    /// <summary>The image facts as attributes; null where the photo has none (so the lookup removes an older value).</summary>
    internal static Dictionary<string, AttributeValue?> DetailAttributes(PhotoDetails details) => new()
    {
        [Tables.Drinks.Width] = StoredValues.Number(details.Width),
        [Tables.Drinks.Height] = StoredValues.Number(details.Height),
        [Tables.Photos.ContentHash] = new() { S = details.Sha256 },
        [Tables.Drinks.TakenAt] = details.TakenAt is { } takenAt ? new() { S = StoredValues.Format(takenAt) } : null,
        [Tables.Drinks.CameraMake] = details.CameraMake is { } make ? new() { S = make } : null,
        [Tables.Drinks.CameraModel] = details.CameraModel is { } model ? new() { S = model } : null,
        [Tables.Drinks.Latitude] = details.Latitude is { } latitude ? new() { N = latitude.ToString("R", CultureInfo.InvariantCulture) } : null,
        [Tables.Drinks.Longitude] = details.Longitude is { } longitude ? new() { N = longitude.ToString("R", CultureInfo.InvariantCulture) } : null,
    };
}
