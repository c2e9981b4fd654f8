using System.Text;
using Amazon.DynamoDBv2.Model;
using DrinkPipeline.Contracts;

namespace DrinkPipeline.Storage.Catalog;

/// <summary>
/// Keys of the search-words table. Shard: "d" (a drink at a bar) or "b" (a bar) and the word's first two letters, so a
/// prefix query (two letters at least) reads one partition. Entry: the word, then the identity keys of the bar (and
/// drink), so one name's word is one item and a prefix query is a range of the sort key.
/// </summary>
public static class SearchWords
{
    /// <summary>Shorter words are not indexed: a query needs two letters, and one-letter words ("Plan B") are noise.</summary>
    public const int MinWordLength = 2;

    public const string DrinkKind = "d";
    public const string BarKind = "b";

    /// <summary>The words of a name that get an item.</summary>
    public static IReadOnlyList<string> Indexed(string name) =>
        NameRules.Words(name).Where(word => NameRules.RuneCount(word) >= MinWordLength).ToList();

    public static string Shard(string kind, string wordOrPrefix)
    {
        var shard = new StringBuilder(kind);
        foreach (var rune in wordOrPrefix.EnumerateRunes().Take(MinWordLength))
        {
            shard.Append(rune.ToString());
        }

        return shard.ToString();
    }

    public static Dictionary<string, AttributeValue> DrinkKey(string word, string barKey, string drinkKey) => new()
    {
        [Tables.SearchWords.Shard] = new() { S = Shard(DrinkKind, word) },
        [Tables.SearchWords.Entry] = new() { S = string.Join(Tables.KeySeparator, word, barKey, drinkKey) },
    };

    public static Dictionary<string, AttributeValue> BarKey(string word, string barKey) => new()
    {
        [Tables.SearchWords.Shard] = new() { S = Shard(BarKind, word) },
        [Tables.SearchWords.Entry] = new() { S = string.Join(Tables.KeySeparator, word, barKey) },
    };

    /// <summary>What an entry names after its word: the bar's identity key, or bar and drink keys.</summary>
    public static string Owner(string entry) => entry[(entry.IndexOf(Tables.KeySeparator, StringComparison.Ordinal) + 1)..];
}
