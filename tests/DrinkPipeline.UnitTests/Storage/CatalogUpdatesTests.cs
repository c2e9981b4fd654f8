using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using DrinkPipeline.Storage;
using DrinkPipeline.Storage.Catalog;

namespace DrinkPipeline.UnitTests;

public sealed partial class CatalogUpdatesTests
{
    private static readonly Dictionary<string, AttributeValue> Key = new() { ["BarName"] = new() { S = "joe's bar" } };

    private static PhotoRecord Photo(PhotoDetails details) => new(
        "Joe's Bar", "Negroni", "uploads/joe/negroni/0197.jpg", "0197", "image/jpeg", 1234,
        new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 6, 3, 0, 1, TimeSpan.Zero), "\"etag\"", details);

    private static readonly PhotoDetails WithCamera = new(1600, 1200, "abc", new DateTimeOffset(2026, 12, 5, 20, 0, 0, TimeSpan.Zero), "Fujifilm", "X100V", null, null);

    [Fact]
    public void DrinkUpdateMovesTheLookupOnlyToANewerVersion()
    {
        var photo = Photo(WithCamera);

        var update = CatalogUpdates.DrinkUpdate("drinks", Key, photo, CatalogUpdates.DetailAttributes(photo.Details), countPhoto: true, moveLookup: true, conditional: true);

        Assert.Equal("attribute_not_exists(#Version) OR #Version < :Version", update.ConditionExpression);
        Assert.Equal(photo.Version, update.ExpressionAttributeValues[":Version"].S);
        Assert.Equal(Tables.Drinks.UploadId, update.ExpressionAttributeNames["#UploadId"]);
        Assert.Contains("ADD #count :one", update.UpdateExpression, StringComparison.Ordinal);
        AssertPlaceholdersMatch(update);
    }

    [Fact]
    public void DrinkUpdateRemovesFactsThePhotoDoesNotHave()
    {
        var photo = Photo(WithCamera);

        var update = CatalogUpdates.DrinkUpdate("drinks", Key, photo, CatalogUpdates.DetailAttributes(photo.Details), countPhoto: false, moveLookup: true, conditional: false);

        Assert.Matches(@"REMOVE .*#Latitude", update.UpdateExpression);
        Assert.DoesNotContain(":Latitude", update.ExpressionAttributeValues.Keys);
        Assert.Null(update.ConditionExpression);
        Assert.DoesNotContain("ADD", update.UpdateExpression, StringComparison.Ordinal);
        AssertPlaceholdersMatch(update);
    }

    [Fact]
    public void DrinkUpdateWithoutTheLookupKeepsOnlyNamesAndCount()
    {
        var photo = Photo(WithCamera);

        var update = CatalogUpdates.DrinkUpdate("drinks", Key, photo, CatalogUpdates.DetailAttributes(photo.Details), countPhoto: true, moveLookup: false, conditional: true);

        Assert.DoesNotContain("#UploadId", update.ExpressionAttributeNames.Keys);
        Assert.Null(update.ConditionExpression);
        AssertPlaceholdersMatch(update);
    }

    [Fact]
    public void LookupFromPhotoWhileItShowsTheRemovedPhotoCopiesWhatThePhotoHas()
    {
        var photo = new Dictionary<string, AttributeValue>
        {
            [Tables.Photos.PhotoSortKey] = new() { S = "0198" },
            [Tables.Drinks.S3ObjectKey] = new() { S = "uploads/joe/negroni/0198.jpg" },
            [Tables.Drinks.ContentType] = new() { S = "image/jpeg" },
            [Tables.Drinks.SizeBytes] = new() { N = "99" },
            [Tables.Drinks.UploadedAt] = new() { S = "2026-12-06T03:00:00.0000000Z" },
            [Tables.Drinks.BarDisplayName] = new() { S = "Joe's Bar" },
            [Tables.Drinks.DrinkDisplayName] = new() { S = "Negroni" },
        };

        var update = CatalogUpdates.LookupFromPhoto("drinks", Key, photo, removedUploadId: "0197");

        Assert.Equal("#upload = :removed", update.ConditionExpression);
        Assert.Equal("0197", update.ExpressionAttributeValues[":removed"].S);
        Assert.Equal("2026-12-06T03:00:00.0000000Z|", update.ExpressionAttributeValues[":version"].S);
        Assert.Matches(@"REMOVE .*#Width", update.UpdateExpression);
        AssertPlaceholdersMatch(update);
    }

    [Fact]
    public void BarUpdateRegistersTheBarForAutocompleteAndCountsThePhoto()
    {
        var update = CatalogUpdates.BarUpdate("bars", Key, Photo(WithCamera), registration: true, countPhoto: true, moveNewest: true);

        Assert.Equal(Tables.SearchShard(Tables.SearchSortKey("Joe's Bar")), update.ExpressionAttributeValues[":shard"].S);
        Assert.Equal("0197", update.ExpressionAttributeValues[":newestId"].S);
        Assert.Contains("ADD #count :one", update.UpdateExpression, StringComparison.Ordinal);
        AssertPlaceholdersMatch(update);
    }

    [Fact]
    public void BarUpdateOfASearchWordNeitherRegistersNorCounts()
    {
        var update = CatalogUpdates.BarUpdate("words", Key, Photo(WithCamera), registration: false, countPhoto: true, moveNewest: false);

        Assert.Equal("SET #display = if_not_exists(#display, :display)", update.UpdateExpression);
        AssertPlaceholdersMatch(update);
    }

    [Fact]
    public void NewestPhotoOfBarNamesTheRemovedPhotoOnlyWhenGiven()
    {
        var update = CatalogUpdates.NewestPhotoOfBar("bars", Key, new() { S = "0198" }, new() { S = "2026" }, "Joe's Bar", "#newestId = :removed", "0197");

        Assert.Equal("0197", update.ExpressionAttributeValues[":removed"].S);
        AssertPlaceholdersMatch(update);
    }

    /// <summary>DynamoDB refuses a request whose expressions leave a placeholder undefined or a defined one unused.</summary>
    private static void AssertPlaceholdersMatch(Update update)
    {
        var expressions = $"{update.UpdateExpression} {update.ConditionExpression}";
        Assert.Equal(
            Placeholder().Matches(expressions).Select(match => match.Value).Where(p => p.StartsWith('#')).ToHashSet(),
            update.ExpressionAttributeNames.Keys.ToHashSet());
        Assert.Equal(
            Placeholder().Matches(expressions).Select(match => match.Value).Where(p => p.StartsWith(':')).ToHashSet(),
            update.ExpressionAttributeValues?.Keys.ToHashSet() ?? []);
    }

    [GeneratedRegex("[#:][A-Za-z0-9_]+")]
    private static partial Regex Placeholder();
}
