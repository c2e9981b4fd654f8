using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Storage.Catalog;

/// <summary>Reads of the drinks (lookup), photos and bars tables, for the API.</summary>
public sealed class DrinkCatalog(IAmazonDynamoDB dynamo, IOptions<AwsResourceOptions> resources)
{
    public const int MaxListLength = 100;

    public async Task<DrinkItem?> GetDrinkAsync(string barName, string drinkName, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = resources.Value.DrinksTableName,
            Key = CatalogItems.DrinkKey(NameRules.IdentityKey(barName), NameRules.IdentityKey(drinkName)),
        }, cancellationToken);

        return response.Item is { Count: > 0 } item ? CatalogItems.ToDrink(item) : null;
    }

    /// <summary>The bar's drinks that have a photo, by accent-insensitive name order; optionally by name prefix.</summary>
    public async Task<Page<DrinkItem>> ListDrinksAsync(string barName, string? prefix, int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var request = new QueryRequest
        {
            TableName = resources.Value.DrinksTableName,
            IndexName = Tables.Drinks.SearchIndex,
            KeyConditionExpression = "#bar = :bar",
            ExpressionAttributeNames = new() { ["#bar"] = Tables.Drinks.BarName },
            ExpressionAttributeValues = new() { [":bar"] = new() { S = NameRules.IdentityKey(barName) } },
            Limit = limit + 1,
            ExclusiveStartKey = after,
        };
        if (!string.IsNullOrEmpty(prefix))
        {
            request.KeyConditionExpression += " AND begins_with(#search, :prefix)";
            request.ExpressionAttributeNames["#search"] = Tables.Drinks.DrinkSearchKey;
            request.ExpressionAttributeValues[":prefix"] = new() { S = NameRules.SearchKey(prefix) };
        }

        var response = await dynamo.QueryAsync(request, cancellationToken);
        var (items, next) = Page.Trim(response.Items, limit, Tables.Drinks.BarName, Tables.Drinks.DrinkName, Tables.Drinks.DrinkSearchKey);
        return new Page<DrinkItem>(items.Select(CatalogItems.ToDrink).OfType<DrinkItem>().ToList(), next);
    }

    /// <summary>The drink at every bar that has it, newest photo first (the drink → bars index).</summary>
    public async Task<Page<DrinkItem>> ListBarsServingAsync(string drinkName, int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = resources.Value.DrinksTableName,
            IndexName = Tables.Drinks.ByNameIndex,
            KeyConditionExpression = "#drink = :drink",
            ExpressionAttributeNames = new() { ["#drink"] = Tables.Drinks.DrinkName },
            ExpressionAttributeValues = new() { [":drink"] = new() { S = NameRules.IdentityKey(drinkName) } },
            ScanIndexForward = false,
            Limit = limit + 1,
            ExclusiveStartKey = after,
        }, cancellationToken);
        var (items, next) = Page.Trim(response.Items, limit, Tables.Drinks.BarName, Tables.Drinks.DrinkName, Tables.Drinks.UploadedAt);
        return new Page<DrinkItem>(items.Select(CatalogItems.ToDrink).OfType<DrinkItem>().ToList(), next);
    }

    /// <summary>How many drinks the bar has: a count of its keys (one query, no items returned).</summary>
    public async Task<int> CountDrinksAsync(string barName, CancellationToken cancellationToken)
    {
        var query = new QueryRequest
        {
            TableName = resources.Value.DrinksTableName,
            KeyConditionExpression = "#bar = :bar",
            ExpressionAttributeNames = new() { ["#bar"] = Tables.Drinks.BarName },
            ExpressionAttributeValues = new() { [":bar"] = new() { S = NameRules.IdentityKey(barName) } },
            Select = Select.COUNT,
        };
        var count = 0;
        await foreach (var page in dynamo.Paginators.Query(query).Responses.WithCancellation(cancellationToken))
        {
            count += page.Count ?? 0;
        }

        return count;
    }

    /// <summary>The drink's photos, newest first (upload ids are version 7 GUIDs, so their order is upload order).</summary>
    public async Task<Page<DrinkPhoto>> ListPhotosAsync(string barName, string drinkName, int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var (items, next) = await QueryPhotosAsync(Tables.DrinkId(NameRules.IdentityKey(barName), NameRules.IdentityKey(drinkName)), limit, after, cancellationToken);
        return new Page<DrinkPhoto>(items.Select(CatalogItems.ToPhoto).ToList(), next);
    }

    /// <summary>One photo of a drink by its upload id; null when the drink has no such photo.</summary>
    public async Task<DrinkPhoto?> GetPhotoAsync(string barName, string drinkName, string uploadId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = resources.Value.PhotosTableName,
            Key = CatalogItems.PhotoKey(Tables.DrinkId(NameRules.IdentityKey(barName), NameRules.IdentityKey(drinkName)), uploadId),
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? CatalogItems.ToPhoto(item) : null;
    }

    /// <summary>
    /// Visible photo items of one drink, newest first, as stored. Hidden ones are filtered out, and a query's limit
    /// counts what it reads before the filter, so it reads on until the page (and one more) is full or the drink ends.
    /// </summary>
    private async Task<(List<Dictionary<string, AttributeValue>> Items, Dictionary<string, AttributeValue>? Next)> QueryPhotosAsync(
        string drinkId, int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var query = new QueryRequest
        {
            TableName = resources.Value.PhotosTableName,
            KeyConditionExpression = "#drink = :drink",
            FilterExpression = "attribute_not_exists(#hidden)",
            ExpressionAttributeNames = new() { ["#drink"] = Tables.Photos.DrinkId, ["#hidden"] = Tables.Photos.Hidden },
            ExpressionAttributeValues = new() { [":drink"] = new() { S = drinkId } },
            ScanIndexForward = false,
            Limit = limit + 1,
            ExclusiveStartKey = after,
        };
        var items = new List<Dictionary<string, AttributeValue>>();
        await foreach (var page in dynamo.Paginators.Query(query).Responses.WithCancellation(cancellationToken))
        {
            items.AddRange(page.Items ?? []);
            if (items.Count > limit)
            {
                break;
            }
        }

        return Page.Trim(items, limit, Tables.Photos.DrinkId, Tables.Photos.PhotoSortKey);
    }

    /// <summary>Bar names whose accent-free, case-folded form starts with the prefix's.</summary>
    public async Task<Page<string>> FindBarsAsync(string prefix, int limit, Dictionary<string, AttributeValue>? after, CancellationToken cancellationToken)
    {
        var searchPrefix = NameRules.SearchKey(prefix);
        if (searchPrefix.Length == 0)
        {
            // No prefix: a bounded scan, in pages, is enough for a browse list; autocomplete always sends a prefix.
            var scan = await dynamo.ScanAsync(new ScanRequest { TableName = resources.Value.BarsTableName, Limit = limit + 1, ExclusiveStartKey = after }, cancellationToken);
            var (bars, nextBars) = Page.Trim(scan.Items, limit, Tables.Bars.BarName);
            return new Page<string>(bars.Select(item => item[Tables.Bars.DisplayName].S).Order(StringComparer.CurrentCultureIgnoreCase).ToList(), nextBars);
        }

        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = resources.Value.BarsTableName,
            IndexName = Tables.Bars.SearchIndex,
            KeyConditionExpression = "#shard = :shard AND begins_with(#search, :prefix)",
            ExpressionAttributeNames = new() { ["#shard"] = Tables.Bars.SearchShard, ["#search"] = Tables.Bars.SearchKey },
            ExpressionAttributeValues = new()
            {
                [":shard"] = new() { S = Tables.SearchShard(searchPrefix) },
                [":prefix"] = new() { S = searchPrefix },
            },
            Limit = limit + 1,
            ExclusiveStartKey = after,
        }, cancellationToken);
        var (items, next) = Page.Trim(response.Items, limit, Tables.Bars.BarName, Tables.Bars.SearchShard, Tables.Bars.SearchKey);
        return new Page<string>(items.Select(item => item[Tables.Bars.DisplayName].S).ToList(), next);
    }
}
