using DrinkPipeline.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api.Apis;

public sealed record Location(double Latitude, double Longitude);

/// <summary>
/// The newest photo of a drink. <c>imageUrl</c> is the original as uploaded (with its metadata); web pages show
/// <c>displayUrl</c>, the stripped rendition. <c>location</c> is only returned when <c>Privacy:ExposeLocation</c> is on.
/// </summary>
public sealed record DrinkResponse(
    string BarName,
    string DrinkName,
    string ObjectKey,
    string UploadId,
    string ImageUrl,
    string? ThumbnailUrl,
    string? DisplayUrl,
    DateTimeOffset ImageUrlExpiresAt,
    string ContentType,
    long SizeBytes,
    DateTimeOffset UploadedAt,
    int PhotoCount,
    int? Width,
    int? Height,
    DateTimeOffset? TakenAt,
    string? Camera,
    string? Sha256,
    Location? Location);

public sealed record DrinkSummary(string DrinkName, DateTimeOffset UploadedAt, int PhotoCount, string? ThumbnailUrl);

public sealed record DrinkList(string BarName, IReadOnlyList<DrinkSummary> Drinks);

public sealed record BarList(IReadOnlyList<string> Bars);

/// <summary>One photo of a drink; the renditions are null for photos recorded before derivatives existed.</summary>
public sealed record PhotoSummary(
    string UploadId,
    string? ThumbnailUrl,
    string? DisplayUrl,
    DateTimeOffset UploadedAt,
    int? Width,
    int? Height,
    DateTimeOffset? TakenAt,
    string? Camera);

public sealed record PhotoList(string BarName, string DrinkName, IReadOnlyList<PhotoSummary> Photos);

public static class BarsApi
{
    private const int DefaultBarLimit = 20;
    private const int DefaultPhotoLimit = 24;

    public static RouteGroupBuilder MapBarsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/bars");
        group.MapGet("/", FindBars);
        group.MapGet("/{barName}/drinks", ListDrinks);
        group.MapGet("/{barName}/drinks/{drinkName}", GetDrink);
        group.MapGet("/{barName}/drinks/{drinkName}/photos", ListPhotos);
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
        PhotoUrls urls,
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
        var summaries = new List<DrinkSummary>(drinks.Count);
        foreach (var drink in drinks)
        {
            summaries.Add(new DrinkSummary(drink.DrinkName, drink.UploadedAt, drink.PhotoCount,
                drink.Details is null ? null : (await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(drink.UploadId))).Url));
        }

        return TypedResults.Ok(new DrinkList(drinks.Count > 0 ? drinks[0].BarName : bar, summaries));
    }

    /// <summary>Every photo of the drink (newest first), for the gallery under the newest.</summary>
    public static async Task<Results<Ok<PhotoList>, ProblemHttpResult>> ListPhotos(
        string barName,
        string drinkName,
        int? limit,
        DrinkCatalog catalog,
        PhotoUrls urls,
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

        var photos = await catalog.ListPhotosAsync(bar, drink, Math.Clamp(limit ?? DefaultPhotoLimit, 1, DrinkCatalog.MaxListLength), cancellationToken);
        var summaries = new List<PhotoSummary>(photos.Count);
        foreach (var photo in photos)
        {
            var details = photo.Details;
            var (thumbnailUrl, displayUrl) = details is null
                ? (null, null)
                : ((await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(photo.UploadId))).Url, (await urls.ForViewingAsync(ObjectKeys.DisplayFor(photo.UploadId))).Url);
            summaries.Add(new PhotoSummary(photo.UploadId, thumbnailUrl, displayUrl, photo.UploadedAt,
                details?.Width, details?.Height, details?.TakenAt, Camera(details)));
        }

        return TypedResults.Ok(new PhotoList(item.BarName, item.DrinkName, summaries));
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

        var (imageUrl, expiresAt) = await urls.ForViewingAsync(item.ObjectKey);
        var details = item.Details;
        // Photos recorded before derivatives existed have none; their details are absent too.
        var (thumbnailUrl, displayUrl) = details is null
            ? (null, null)
            : ((await urls.ForViewingAsync(ObjectKeys.ThumbnailFor(item.UploadId))).Url, (await urls.ForViewingAsync(ObjectKeys.DisplayFor(item.UploadId))).Url);
        return TypedResults.Ok(new DrinkResponse(
            item.BarName,
            item.DrinkName,
            item.ObjectKey,
            item.UploadId,
            imageUrl,
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
    private static string? Camera(PhotoDetails? details) => details switch
    {
        { CameraMake: { } make, CameraModel: { } model } when !model.StartsWith(make, StringComparison.OrdinalIgnoreCase) => $"{make} {model}",
        { CameraModel: { } model } => model,
        { CameraMake: { } make } => make,
        _ => null,
    };
}
