using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace DrinkPipeline.Storage;

/// <summary>How values are written to the tables, the same in every store.</summary>
internal static class StoredValues
{
    /// <summary>UTC, fixed width, to the tick: string order is time order, which sort keys and version checks rely on.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
