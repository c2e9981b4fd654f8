using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;
using DrinkPipeline.Storage.Catalog;

namespace DrinkPipeline.UnitTests;

public class SearchWordsTests
{
    [Theory]
    [InlineData("Negroni Sbagliato", "negroni|sbagliato")]
    [InlineData("Café Zürich", "cafe|zurich")]
    [InlineData("Joe's Bar", "joe|s|bar")]
    [InlineData("Joe’s  Bar-B-Q", "joe|s|bar|b|q")]
    [InlineData("Gin & Gin (No. 2)", "gin|no|2")]
    [InlineData("ŁÓDŹ Straße", "łodz|straße")]
    [InlineData("...", "")]
    public void WordsAreTheSearchKeySplitAtAnythingButLettersAndDigitsEachOnce(string name, string words) =>
        Assert.Equal(words, string.Join('|', NameRules.Words(name)));

    [Fact]
    public void OnlyWordsOfTwoLettersOrMoreAreIndexedAndTheShardIsKindAndFirstTwoLetters()
    {
        Assert.Equal(["joe", "bar"], SearchWords.Indexed("Joe's Bar"));
        Assert.Equal("dne", SearchWords.Shard(SearchWords.DrinkKind, "negroni"));
        Assert.Equal("b𝔸b", SearchWords.Shard(SearchWords.BarKind, "𝔸bc"));
    }

    [Fact]
    public void AnEntryNamesItsBarAndDrinkAfterTheWord()
    {
        var key = SearchWords.DrinkKey("negroni", "joe's bar", "negroni sbagliato");

        Assert.Equal("joe's bar\u001Fnegroni sbagliato", SearchWords.Owner(key[Tables.SearchWords.Entry].S));
    }

    [Theory]
    [InlineData("Negroni Sbagliato", "negr", 0)]
    [InlineData("Classic Negroni", "negr", 1)]
    [InlineData("Negroni Sbagliato", "sbag negr", 1)]
    [InlineData("Negroni Sbagliato", "negr sb", 0)]
    [InlineData("Negroni Sbagliato", "negr x", null)]
    [InlineData("Café Zürich", "ZUR", 1)]
    [InlineData("Joe's Bar", "joe's", 0)]
    [InlineData("Joe's Bar", "oe", null)]
    public void RankIsZeroForAFirstWordMatchOneForAnotherWordAndNullWhenAQueryWordStartsNoWord(string name, string query, int? rank) =>
        Assert.Equal(rank, CatalogSearch.Rank(name, CatalogSearch.QueryWords(query)));

    [Fact]
    public void AQueryWithoutAWordOfTwoLettersHasNoWordsToLookUp()
    {
        Assert.Empty(CatalogSearch.QueryWords("a b"));
        Assert.Equal(["a", "bc"], CatalogSearch.QueryWords("a bc"));
    }

    [Fact]
    public void PositionsOrderByRankThenNewestThenKey()
    {
        var now = DateTimeOffset.UtcNow;
        SearchPosition[] positions = [new(1, now, "a"), new(0, now.AddDays(-1), "b"), new(0, now, "d"), new(0, now, "c")];

        Assert.Equal(["c", "d", "b", "a"], positions.Order().Select(position => position.Key));
    }
}
