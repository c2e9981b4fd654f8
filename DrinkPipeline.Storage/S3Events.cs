using System.Globalization;
using System.Net;
using System.Text.Json;

namespace DrinkPipeline.Storage;

/// <summary>One object-created record from an S3 event notification.</summary>
public sealed record S3ObjectEvent(
    string EventName,
    DateTimeOffset EventTime,
    string Bucket,
    string Key,
    long? Size,
    string? ETag,
    string? Sequencer);

/// <summary>What a queue message turned out to be.</summary>
public abstract record S3EventMessage
{
    private S3EventMessage()
    {
    }

    /// <summary>The <c>s3:TestEvent</c> S3 sends when notifications are configured.</summary>
    public sealed record Test : S3EventMessage;

    public sealed record Records(IReadOnlyList<S3ObjectEvent> Items) : S3EventMessage;

    public sealed record Malformed(string Reason) : S3EventMessage;
}

public static class S3EventParser
{
    public static S3EventMessage Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new S3EventMessage.Malformed("The message is not a JSON object.");
            }

            if (root.TryGetProperty("Event", out var testEvent) && testEvent.ValueKind == JsonValueKind.String &&
                testEvent.GetString() == "s3:TestEvent")
            {
                return new S3EventMessage.Test();
            }

            if (!root.TryGetProperty("Records", out var records) || records.ValueKind != JsonValueKind.Array)
            {
                return new S3EventMessage.Malformed("The message has no Records array.");
            }

            var items = new List<S3ObjectEvent>();
            foreach (var record in records.EnumerateArray())
            {
                var parsed = ParseRecord(record);
                if (parsed is null)
                {
                    return new S3EventMessage.Malformed("A record lacks eventName, eventTime, bucket or key.");
                }

                items.Add(parsed);
            }

            return new S3EventMessage.Records(items);
        }
        catch (JsonException)
        {
            return new S3EventMessage.Malformed("The message is not valid JSON.");
        }
        catch (ArgumentException)
        {
            // Found by FuzzTests: a body with an unpaired surrogate cannot even be transcoded for the JSON reader.
            return new S3EventMessage.Malformed("The message is not valid Unicode text.");
        }
    }

    /// <summary>S3 event keys are form-encoded: <c>+</c> is a space and <c>%2B</c> a plus.</summary>
    public static string DecodeKey(string encoded) => WebUtility.UrlDecode(encoded);

    private static S3ObjectEvent? ParseRecord(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object ||
            GetString(record, "eventName") is not { } eventName ||
            GetString(record, "eventTime") is not { } eventTimeText ||
            !DateTimeOffset.TryParse(eventTimeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var eventTime) ||
            !record.TryGetProperty("s3", out var s3) || s3.ValueKind != JsonValueKind.Object ||
            !s3.TryGetProperty("bucket", out var bucket) || bucket.ValueKind != JsonValueKind.Object ||
            GetString(bucket, "name") is not { } bucketName ||
            !s3.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object ||
            GetString(obj, "key") is not { Length: > 0 } key)
        {
            return null;
        }

        long? size = obj.TryGetProperty("size", out var sizeElement) && sizeElement.ValueKind == JsonValueKind.Number &&
            sizeElement.TryGetInt64(out var sizeValue) ? sizeValue : null;

        return new S3ObjectEvent(
            eventName,
            eventTime.ToUniversalTime(),
            bucketName,
            DecodeKey(key),
            size,
            GetString(obj, "eTag"),
            GetString(obj, "sequencer"));
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
