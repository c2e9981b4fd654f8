using DrinkPipeline.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DrinkPipeline.Api.Apis;

public sealed record DrinkResponse(
    string BarName,
    string DrinkName,
    string ObjectKey,
    string UploadId,
    string ImageUrl,
    DateTimeOffset ImageUrlExpiresAt,
    string ContentType,
    long SizeBytes,
    DateTimeOffset UploadedAt,
    int PhotoCount);

public sealed record DrinkSummary(string DrinkName, DateTimeOffset UploadedAt, int PhotoCount);

public sealed record DrinkList(string BarName, IReadOnlyList<DrinkSummary> Drinks);

public sealed record BarList(IReadOnlyList<string> Bars);

public static class BarsApi
{
    private const int DefaultBarLimit = 20;

    public static RouteGroupBuilder MapBarsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bars");
        group.MapGet("/", FindBars);
        group.MapGet("/{barName}/drinks", ListDrinks);
        group.MapGet("/{barName}/drinks/{drinkName}", GetDrink);
        return group;
    }

    public static async Task<Results<Ok<BarList>, ProblemHttpResult>> FindBars(
        string? prefix,
        int? limit,
        DrinkCatalog catalog,
        CancellationToken cancellationToken)
    {
        prefix ??= "";
        if (prefix.Length > 0 && NameRules.Validate(prefix, "prefix") is { } problem)
        {
            return TypedResults.Problem(Problems.BadRequest(problem));
        }

        var bars = await catalog.FindBarsAsync(prefix, Math.Clamp(limit ?? DefaultBarLimit, 1, DrinkCatalog.MaxListLength), cancellationToken);
        return TypedResults.Ok(new BarList(bars));
    }

    public static async Task<Results<Ok<DrinkList>, ProblemHttpResult>> ListDrinks(
        string barName,
        string? prefix,
        DrinkCatalog catalog,
        CancellationToken cancellationToken)
    {
        if (!NameRoute.TryGetName(barName, "barName", out var bar, out var problem))
        {
            return TypedResults.Problem(Problems.BadRequest(problem!));
        }

        if (!string.IsNullOrEmpty(prefix) && NameRules.Validate(prefix, "prefix") is { } prefixProblem)
        {
            return TypedResults.Problem(Problems.BadRequest(prefixProblem));
        }

        var drinks = await catalog.ListDrinksAsync(bar, prefix, cancellationToken);
        return TypedResults.Ok(new DrinkList(
            drinks.Count > 0 ? drinks[0].BarName : bar,
            drinks.Select(drink => new DrinkSummary(drink.DrinkName, drink.UploadedAt, drink.PhotoCount)).ToList()));
    }

    public static async Task<Results<Ok<DrinkResponse>, ProblemHttpResult>> GetDrink(
        string barName,
        string drinkName,
        DrinkCatalog catalog,
        PhotoUrls urls,
        CancellationToken cancellationToken)
    {
        if (!NameRoute.TryGetName(barName, "barName", out var bar, out var barProblem))
        {
            return TypedResults.Problem(Problems.BadRequest(barProblem!));
        }

        if (!NameRoute.TryGetName(drinkName, "drinkName", out var drink, out var drinkProblem))
        {
            return TypedResults.Problem(Problems.BadRequest(drinkProblem!));
        }

        var item = await catalog.GetDrinkAsync(bar, drink, cancellationToken);
        if (item is null)
        {
            return TypedResults.Problem(Problems.NotFound($"No photo of '{drink}' at '{bar}' yet."));
        }

        var (imageUrl, expiresAt) = await urls.ForViewingAsync(item.ObjectKey);
        return TypedResults.Ok(new DrinkResponse(
            item.BarName,
            item.DrinkName,
            item.ObjectKey,
            item.UploadId,
            imageUrl,
            expiresAt,
            item.ContentType,
            item.SizeBytes,
            item.UploadedAt,
            item.PhotoCount));
    }
}
