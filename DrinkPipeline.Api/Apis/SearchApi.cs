using System.Globalization;
using System.Text.Json.Nodes;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DrinkPipeline.Api.Apis;

public static class SearchApi
{
    private const int DefaultSearchLimit = 12;
    private const int DefaultBarsServingLimit = 24;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", Search)
            .WithSummary("Bars and drinks at every bar by the prefix of any word of their names, in pages")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapGet("/api/drinks/{drinkName}/bars", ListBarsServing)
            .WithSummary("A drink at every bar that has it, newest photo first, in pages")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// Search across every bar: case- and accent-insensitive, by the prefix of any word of a name; names whose first
    /// word matches come first, then the newest.
    /// </summary>
    public static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> Search(
        string? q,
        int? limit,
        string? cursor,
        CatalogSearch search,
        DrinkCatalog catalog,
        PhotoUrls urls,
        PageCursors cursors,
        CancellationToken cancellationToken)
    {
        var query = q?.Trim() ?? "";
        var problem = query.Length == 0
            ? "q must not be blank: send the start of a bar's or a drink's name."
            : NameRules.Validate(query, "q") ?? (NameRules.RuneCount(query) < 2 ? "q needs at least two characters." : null);
        if (problem is not null)
        {
            return TypedResults.Problem(Problems.BadRequest(problem));
        }

        var scope = $"search|{string.Join(' ', NameRules.Words(query))}";
        if (!cursors.TryRead(cursor, scope, out var position, out var cursorProblem))
        {
            return TypedResults.Problem(Problems.BadRequest(cursorProblem!));
        }

        var pageSize = Paging.Limit(limit, DefaultSearchLimit);
        var (barsAfter, drinksAfter) = (position?["b"], position?["d"]);
        var bars = position is not null && barsAfter is null
            ? []
            : After(await search.FindBarsAsync(query, cancellationToken), match => match.Position, barsAfter, pageSize + 1);
        var drinks = position is not null && drinksAfter is null
            ? []
            : After(await search.FindDrinksAsync(query, cancellationToken), match => match.Position, drinksAfter, pageSize + 1);

        var barPage = bars.Take(pageSize).ToList();
        var drinkPage = drinks.Take(pageSize).ToList();
        var drinkCounts = await Task.WhenAll(barPage.Select(bar => catalog.CountDrinksAsync(bar.BarName, cancellationToken)));
        var barResults = new List<BarResult>(barPage.Count);
        for (var i = 0; i < barPage.Count; i++)
        {
            barResults.Add(new BarResult(barPage[i].BarName, drinkCounts[i], await ThumbnailAsync(urls, barPage[i].NewestUploadId)));
        }

        var drinkResults = new List<DrinkResult>(drinkPage.Count);
        foreach (var match in drinkPage)
        {
            var drink = match.Drink;
            drinkResults.Add(new DrinkResult(drink.BarName, drink.DrinkName, drink.UploadId,
                await ThumbnailAsync(urls, drink.Details is null ? null : drink.UploadId), drink.UploadedAt, drink.PhotoCount));
        }

        // Each list continues after its last item shown; a list with nothing left is done (null) in the cursor.
        var next = bars.Count > pageSize || drinks.Count > pageSize
            ? cursors.Create(scope, new JsonObject
            {
                ["b"] = bars.Count > pageSize ? ToJson(barPage[^1].Position) : null,
                ["d"] = drinks.Count > pageSize ? ToJson(drinkPage[^1].Position) : null,
            })
            : null;
        return TypedResults.Ok(new SearchResponse(barResults, drinkResults, next));
    }

    /// <summary>The drink page: every bar with a photo of the drink, newest photo first (the drink → bars index).</summary>
    public static async Task<Results<Ok<DrinkBarList>, ProblemHttpResult>> ListBarsServing(
        string drinkName,
        int? limit,
        string? cursor,
        DrinkCatalog catalog,
        PhotoUrls urls,
        PageCursors cursors,
        CancellationToken cancellationToken)
    {
        if (!NameRoute.TryGetName(drinkName, "drinkName", out var drink, out var problem))
        {
            return TypedResults.Problem(Problems.BadRequest(problem!));
        }

        var scope = $"drink-bars|{NameRules.IdentityKey(drink)}";
        if (!cursors.TryRead(cursor, scope, out var position, out var cursorProblem))
        {
            return TypedResults.Problem(Problems.BadRequest(cursorProblem!));
        }

        var page = await catalog.ListBarsServingAsync(drink, Paging.Limit(limit, DefaultBarsServingLimit), PageCursors.ToKey(position), cancellationToken);
        if (page.Items.Count == 0 && position is null)
        {
            return TypedResults.Problem(Problems.NotFound($"No bar has a photo of '{drink}' yet."));
        }

        var bars = new List<BarServing>(page.Items.Count);
        foreach (var item in page.Items)
        {
            bars.Add(new BarServing(item.BarName, item.UploadId, await ThumbnailAsync(urls, item.Details is null ? null : item.UploadId), item.UploadedAt, item.PhotoCount));
        }

        return TypedResults.Ok(new DrinkBarList(page.Items.Count > 0 ? page.Items[0].DrinkName : drink, bars, Paging.Next(cursors, scope, page.Next)));
    }

    /// <summary>Up to <paramref name="count"/> matches after a position read from a cursor (all from the start without one).</summary>
    private static List<T> After<T>(IReadOnlyList<T> matches, Func<T, SearchPosition> positionOf, JsonNode? after, int count)
    {
        var start = after is null ? null : new SearchPosition(
            after["r"]!.GetValue<int>(),
            DateTimeOffset.Parse(after["t"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            after["k"]!.GetValue<string>());
        return [.. matches.Where(match => start is null || positionOf(match).CompareTo(start) > 0).Take(count)];
    }

    private static JsonObject ToJson(SearchPosition position) => new()
    {
        ["r"] = position.Rank,
        ["t"] = position.Newest.ToString("O", CultureInfo.InvariantCulture),
        ["k"] = position.Key,
    };

    private static async Task<string?> ThumbnailAsync(PhotoUrls urls, string? uploadId) =>
        uploadId is null ? null : (await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(uploadId))).Url;
}
