using Amazon.DynamoDBv2.Model;

namespace DrinkPipeline.Storage;

/// <summary>One page of a list, and where the next starts (the key the next read continues after; null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, Dictionary<string, AttributeValue>? Next);

public static class Page
{
    /// <summary>DynamoDB's LastEvaluatedKey as a continuation: the SDK returns an empty map, not null, at the end.</summary>
    public static Dictionary<string, AttributeValue>? Next(Dictionary<string, AttributeValue>? lastEvaluatedKey) =>
        lastEvaluatedKey is { Count: > 0 } ? lastEvaluatedKey : null;

    /// <summary>
    /// The first <paramref name="limit"/> of items read with a limit one higher, and the key to continue after the last
    /// one kept (its <paramref name="keyAttributes"/>: the table's and the index's keys), or null when no item was left
    /// over. A limit of exactly the page would leave a last, empty page whenever the list ends on a page boundary.
    /// </summary>
    public static (List<Dictionary<string, AttributeValue>> Items, Dictionary<string, AttributeValue>? Next) Trim(
        List<Dictionary<string, AttributeValue>>? items, int limit, params string[] keyAttributes)
    {
        items ??= [];
        if (items.Count <= limit)
        {
            return (items, null);
        }

        var kept = items.Take(limit).ToList();
        var last = kept[^1];
        return (kept, keyAttributes.ToDictionary(name => name, name => last[name]));
    }
}
