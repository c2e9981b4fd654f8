using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;
using DrinkPipeline.Storage.Catalog;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api.Apis;

public static class BarsApi
{
    private const int DefaultBarLimit = 20;
    private const int DefaultDrinkLimit = DrinkCatalog.MaxListLength;
    private const int DefaultPhotoLimit = 24;

    public static RouteGroupBuilder MapBarsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bars");
        group.MapGet("/", FindBars)
            .WithSummary("Bar names by accent-free prefix (autocomplete), in pages")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{barName}/drinks", ListDrinks)
            .WithSummary("A bar's drinks with a photo, by name, in pages")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{barName}/drinks/{drinkName}", GetDrink)
            .WithSummary("The newest photo of a drink at a bar (the lookup)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{barName}/drinks/{drinkName}/photos", ListPhotos)
            .WithSummary("Every photo of a drink at a bar, newest first, in pages")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Results<Ok<BarList>, ProblemHttpResult>> FindBars(
        string? prefix,
        int? limit,
        string? cursor,
        DrinkCatalog catalog,
        PageCursors cursors,
        CancellationToken cancellationToken)
    {
        prefix ??= "";
        if (prefix.Length > 0 && NameRules.ValidatePrefix(prefix, "prefix") is { } problem)
        {
            return TypedResults.Problem(Problems.BadRequest(problem));
        }

        // Only accents or punctuation: no name starts with nothing (and without a prefix the list would be every bar).
        if (prefix.Length > 0 && NameRules.SearchKey(prefix).Length == 0)
        {
            return TypedResults.Ok(new BarList([], null));
        }

        var scope = $"bars|{NameRules.SearchKey(prefix)}";
        if (!cursors.TryRead(cursor, scope, out var position, out var cursorProblem))
        {
            return TypedResults.Problem(Problems.BadRequest(cursorProblem!));
        }

        var bars = await catalog.FindBarsAsync(prefix, Paging.Limit(limit, DefaultBarLimit), PageCursors.ToKey(position), cancellationToken);
        return TypedResults.Ok(new BarList(bars.Items, Paging.Next(cursors, scope, bars.Next)));
    }

    public static async Task<Results<Ok<DrinkList>, ProblemHttpResult>> ListDrinks(
        string barName,
        string? prefix,
        int? limit,
        string? cursor,
        DrinkCatalog catalog,
        PhotoUrls urls,
        PageCursors cursors,
        CancellationToken cancellationToken)
    {
        if (!NameRoute.TryGetName(barName, "barName", out var bar, out var problem))
        {
            return TypedResults.Problem(Problems.BadRequest(problem!));
        }

        if (!string.IsNullOrEmpty(prefix) && NameRules.ValidatePrefix(prefix, "prefix") is { } prefixProblem)
        {
            return TypedResults.Problem(Problems.BadRequest(prefixProblem));
        }

        if (!string.IsNullOrEmpty(prefix) && NameRules.SearchKey(prefix).Length == 0)
        {
            return TypedResults.Ok(new DrinkList(bar, [], null));
        }

        var scope = $"drinks|{NameRules.IdentityKey(bar)}|{NameRules.SearchKey(prefix ?? "")}";
        if (!cursors.TryRead(cursor, scope, out var position, out var cursorProblem))
        {
            return TypedResults.Problem(Problems.BadRequest(cursorProblem!));
        }

        var page = await catalog.ListDrinksAsync(bar, prefix, Paging.Limit(limit, DefaultDrinkLimit), PageCursors.ToKey(position), cancellationToken);
        var summaries = new List<DrinkSummary>(page.Items.Count);
        foreach (var drink in page.Items)
        {
            summaries.Add(new DrinkSummary(drink.DrinkName, drink.UploadedAt, drink.PhotoCount,
                drink.Details is null ? null : (await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(drink.UploadId))).Url));
        }

        return TypedResults.Ok(new DrinkList(page.Items.Count > 0 ? page.Items[0].BarName : bar, summaries, Paging.Next(cursors, scope, page.Next)));
    }

    /// <summary>Every photo of the drink (newest first), for the gallery under the newest.</summary>
    public static async Task<Results<Ok<PhotoList>, ProblemHttpResult>> ListPhotos(
        string barName,
        string drinkName,
        int? limit,
        string? cursor,
        DrinkCatalog catalog,
        PhotoUrls urls,
        PageCursors cursors,
        CancellationToken cancellationToken)
    {
        if (!NameRoute.TryGetNames(barName, drinkName, out var bar, out var drink, out var problem))
        {
            return TypedResults.Problem(Problems.BadRequest(problem!));
        }

        var scope = $"photos|{Tables.DrinkId(NameRules.IdentityKey(bar), NameRules.IdentityKey(drink))}";
        if (!cursors.TryRead(cursor, scope, out var position, out var cursorProblem))
        {
            return TypedResults.Problem(Problems.BadRequest(cursorProblem!));
        }

        var item = await catalog.GetDrinkAsync(bar, drink, cancellationToken);
        if (item is null)
        {
            return TypedResults.Problem(Problems.NotFound($"No photo of '{drink}' at '{bar}' yet."));
        }

        var photos = await catalog.ListPhotosAsync(bar, drink, Paging.Limit(limit, DefaultPhotoLimit), PageCursors.ToKey(position), cancellationToken);
        var summaries = new List<PhotoSummary>(photos.Items.Count);
        foreach (var photo in photos.Items)
        {
            var details = photo.Details;
            var (thumbnailUrl, displayUrl) = details is null
                ? (null, null)
                : ((await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(photo.UploadId))).Url, (await urls.ForViewingAsync(ObjectKeys.DisplayFor(photo.UploadId))).Url);
            summaries.Add(new PhotoSummary(photo.UploadId, thumbnailUrl, displayUrl, photo.UploadedAt,
                details?.Width, details?.Height, details?.TakenAt, Camera(details)));
        }

        return TypedResults.Ok(new PhotoList(item.BarName, item.DrinkName, summaries, Paging.Next(cursors, scope, photos.Next)));
    }

    public static async Task<Results<Ok<DrinkResponse>, ProblemHttpResult>> GetDrink(
        string barName,
        string drinkName,
        DrinkCatalog catalog,
        PhotoUrls urls,
        IOptions<PrivacyOptions> privacy,
        CancellationToken cancellationToken)
    {
        if (!NameRoute.TryGetNames(barName, drinkName, out var bar, out var drink, out var problem))
        {
            return TypedResults.Problem(Problems.BadRequest(problem!));
        }

        var item = await catalog.GetDrinkAsync(bar, drink, cancellationToken);
        if (item is null)
        {
            return TypedResults.Problem(Problems.NotFound($"No photo of '{drink}' at '{bar}' yet."));
        }

        var details = item.Details;
        // Photos recorded before derivatives existed have none; their details are absent too. The original is never linked.
        var (displayUrl, expiresAt) = details is null ? (null, DateTimeOffset.MaxValue) : await urls.ForViewingAsync(ObjectKeys.DisplayFor(item.UploadId));
        var thumbnailUrl = details is null ? null : (await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(item.UploadId))).Url;
        return TypedResults.Ok(new DrinkResponse(
            item.BarName,
            item.DrinkName,
            item.ObjectKey,
            item.UploadId,
            thumbnailUrl,
            displayUrl,
            expiresAt,
            item.ContentType,
            item.SizeBytes,
            item.UploadedAt,
            item.PhotoCount,
            details?.Width,
            details?.Height,
            details?.TakenAt,
            Camera(details),
            details?.Sha256,
            privacy.Value.ExposeLocation && details is { Latitude: { } latitude, Longitude: { } longitude }
                ? new Location(latitude, longitude)
                : null));
    }

    /// <summary>"Canon EOS R6": the model, prefixed by the make unless the model already names it.</summary>
    internal static string? Camera(PhotoDetails? details) => details switch
    {
        { CameraMake: { } make, CameraModel: { } model } when !model.StartsWith(make, StringComparison.OrdinalIgnoreCase) => $"{make} {model}",
        { CameraModel: { } model } => model,
        { CameraMake: { } make } => make,
        _ => null,
    };
}
