using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace DrinkPipeline.Storage.Uploads;

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
    bool Hidden = false,
    string? ObjectETag = null);

/// <summary>Upload records as stored.</summary>
internal static class UploadItems
{
    internal static Dictionary<string, AttributeValue> ToItem(UploadRecord record)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Tables.Uploads.UploadId] = new() { S = record.UploadId },
            [Tables.Uploads.Status] = new() { S = record.Status },
            [Tables.Uploads.BarName] = new() { S = record.BarName },
            [Tables.Uploads.DrinkName] = new() { S = record.DrinkName },
            [Tables.Uploads.ObjectKey] = new() { S = record.ObjectKey },
            [Tables.Uploads.ContentType] = new() { S = record.ContentType },
            [Tables.Uploads.CreatedAt] = new() { S = StoredValues.Format(record.CreatedAt) },
            [Tables.Uploads.UpdatedAt] = new() { S = StoredValues.Format(record.UpdatedAt) },
            [Tables.Uploads.ExpiresAt] = Expiry(record.UpdatedAt),
        };
        if (record.ContentLength is { } length)
        {
            item[Tables.Uploads.ContentLength] = new() { N = length.ToString(CultureInfo.InvariantCulture) };
        }

        return item;
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
            item.ContainsKey(Tables.Uploads.Hidden),
            item.TryGetValue(Tables.Uploads.ObjectETag, out var etag) ? etag.S : null);

    internal static AttributeValue Expiry(DateTimeOffset from) =>
        new() { N = from.Add(Tables.Uploads.Retention).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
}
