using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace DrinkPipeline.Storage.Catalog;

/// <summary>Catalog items as stored, mapped to the records the stores return, and their keys.</summary>
internal static class CatalogItems
{
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

    internal static DrinkPhoto ToPhoto(Dictionary<string, AttributeValue> item) => new(
        item[Tables.Photos.PhotoSortKey].S,
        item[Tables.Drinks.S3ObjectKey].S,
        item[Tables.Drinks.ContentType].S,
        long.Parse(item[Tables.Drinks.SizeBytes].N, CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(item[Tables.Drinks.UploadedAt].S, CultureInfo.InvariantCulture),
        ToDetails(item));

    internal static PhotoDetails? ToDetails(Dictionary<string, AttributeValue> item)
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

    /// <summary>The drinks table's key (the lookup item of a drink at a bar), by identity keys.</summary>
    internal static Dictionary<string, AttributeValue> DrinkKey(string barKey, string drinkKey) => new()
    {
        [Tables.Drinks.BarName] = new() { S = barKey },
        [Tables.Drinks.DrinkName] = new() { S = drinkKey },
    };

    /// <summary>The bars table's key, by identity key.</summary>
    internal static Dictionary<string, AttributeValue> BarKey(string barKey) => new() { [Tables.Bars.BarName] = new() { S = barKey } };

    internal static Dictionary<string, AttributeValue> PhotoKey(string drinkId, string uploadId) => new()
    {
        [Tables.Photos.DrinkId] = new() { S = drinkId },
        [Tables.Photos.PhotoSortKey] = new() { S = uploadId },
    };
}
