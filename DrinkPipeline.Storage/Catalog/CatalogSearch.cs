using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Catalog;

/// <summary>
/// Where a match stands in search order: names whose first word matches first (rank 0), then newest, then by key.
/// </summary>
public sealed record SearchPosition(int Rank, DateTimeOffset Newest, string Key) : IComparable<SearchPosition>
{
    public int CompareTo(SearchPosition? other) =>
        other is null ? 1
        : Rank != other.Rank ? Rank.CompareTo(other.Rank)
        : Newest != other.Newest ? other.Newest.CompareTo(Newest)
        : string.CompareOrdinal(Key, other.Key);
}

public sealed record DrinkMatch(DrinkItem Drink, SearchPosition Position);

public sealed record BarMatch(string BarName, string? NewestUploadId, SearchPosition Position);

/// <summary>
/// Word-prefix search over bars and drinks (at every bar) from the search-words table: one query per list, on the
/// partition of the query's longest word, then the other words filter and the matches are put in order. At most
/// <see cref="MaxMatches"/> entries are read per list; a query that matches more shows those it read, which a longer
/// query narrows (docs/data-model.md).
/// </summary>
public sealed class CatalogSearch(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources)
{
    public const int MaxMatches = 500;

    /// <summary>The query's words, or none when no word is long enough to look up.</summary>
    public static IReadOnlyList<string> QueryWords(string query) =>
        NameRules.Words(query) is var words && words.Any(word => NameRules.RuneCount(word) >= SearchWords.MinWordLength) ? words : [];

    /// <summary>Drinks at any bar with a word starting with each word of the query, in search order.</summary>
    public async Task<IReadOnlyList<DrinkMatch>> FindDrinksAsync(string query, CancellationToken cancellationToken)
    {
        var words = QueryWords(query);
        var matches = new Dictionary<string, DrinkMatch>(StringComparer.Ordinal);
        foreach (var item in await ReadEntriesAsync(SearchWords.DrinkKind, words, cancellationToken))
        {
            var owner = SearchWords.Owner(item[Tables.SearchWords.Entry].S);
            if (matches.ContainsKey(owner) || !item.TryGetValue(Tables.Drinks.DrinkDisplayName, out var name) ||
                Rank(name.S, words) is not { } rank || CatalogItems.ToDrink(item) is not { } drink)
            {
                continue;
            }

            matches[owner] = new DrinkMatch(drink, new SearchPosition(rank, drink.UploadedAt, owner));
        }

        return [.. matches.Values.OrderBy(match => match.Position)];
    }

    /// <summary>Bars with a word starting with each word of the query, in search order.</summary>
    public async Task<IReadOnlyList<BarMatch>> FindBarsAsync(string query, CancellationToken cancellationToken)
    {
        var words = QueryWords(query);
        var matches = new Dictionary<string, BarMatch>(StringComparer.Ordinal);
        foreach (var item in await ReadEntriesAsync(SearchWords.BarKind, words, cancellationToken))
        {
            var owner = SearchWords.Owner(item[Tables.SearchWords.Entry].S);
            if (matches.ContainsKey(owner) || !item.TryGetValue(Tables.Bars.DisplayName, out var name) || Rank(name.S, words) is not { } rank)
            {
                continue;
            }

            var newestAt = item.TryGetValue(Tables.Bars.NewestAt, out var at) ? DateTimeOffset.Parse(at.S, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;
            matches[owner] = new BarMatch(name.S, item.TryGetValue(Tables.Bars.NewestUploadId, out var id) ? id.S : null, new SearchPosition(rank, newestAt, owner));
        }

        return [.. matches.Values.OrderBy(match => match.Position)];
    }

    /// <summary>
    /// 0 when the name's first word starts with the query's first word, 1 when every query word starts some word of the
    /// name, null when one does not.
    /// </summary>
    public static int? Rank(string name, IReadOnlyList<string> queryWords)
    {
        var nameWords = NameRules.Words(name);
        if (queryWords.Count == 0 || !queryWords.All(query => nameWords.Any(word => word.StartsWith(query, StringComparison.Ordinal))))
        {
            return null;
        }

        return nameWords[0].StartsWith(queryWords[0], StringComparison.Ordinal) ? 0 : 1;
    }

    private async Task<List<Dictionary<string, AttributeValue>>> ReadEntriesAsync(string kind, IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        if (words.Count == 0)
        {
            return [];
        }

        // The longest word narrows the read most; the others are checked on what it returns.
        var word = words.MaxBy(NameRules.RuneCount)!;
        var entries = new List<Dictionary<string, AttributeValue>>();
        var query = new QueryRequest
        {
            TableName = resources.Value.SearchWordsTableName,
            KeyConditionExpression = "#shard = :shard AND begins_with(#entry, :word)",
            ExpressionAttributeNames = new() { ["#shard"] = Tables.SearchWords.Shard, ["#entry"] = Tables.SearchWords.Entry },
            ExpressionAttributeValues = new()
            {
                [":shard"] = new() { S = SearchWords.Shard(kind, word) },
                [":word"] = new() { S = word },
            },
        };
        do
        {
            query.Limit = MaxMatches - entries.Count;
            var page = await dynamo.QueryAsync(query, cancellationToken);
            entries.AddRange(page.Items ?? []);
            query.ExclusiveStartKey = Page.Next(page.LastEvaluatedKey);
        }
        while (query.ExclusiveStartKey is not null && entries.Count < MaxMatches);

        return entries;
    }
}
