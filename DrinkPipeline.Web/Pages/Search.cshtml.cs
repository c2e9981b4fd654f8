using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages;

/// <summary>The photo on show: the drink's newest, or the one picked from its other photos.</summary>
public sealed record ShownPhoto(
    string UploadId,
    string? DisplayUrl,
    string? ThumbnailUrl,
    int? Width,
    int? Height,
    DateTimeOffset? TakenAt,
    string? Camera,
    DateTimeOffset UploadedAt);

public sealed class SearchModel(DrinkApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Bar { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Drink { get; set; }

    /// <summary>An upload id from the drink's other photos.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Photo { get; set; }

    public DrinkResponse? Result { get; private set; }

    public ShownPhoto? Shown { get; private set; }

    public IReadOnlyList<PhotoSummary> OtherPhotos { get; private set; } = [];

    public string? Message { get; private set; }

    public AutocompleteField BarField => new("bar", "bar", "Bar", Bar, BarSuggestions);

    public AutocompleteField DrinkField => new("drink", "drink", "Drink", Drink, "/Search?handler=Drinks", DependsOn: "bar");

    /// <summary>Also used by the upload page's bar field.</summary>
    public const string BarSuggestions = "/Search?handler=Bars";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Bar) || string.IsNullOrWhiteSpace(Drink))
        {
            return;
        }

        var bar = Bar.Trim();
        var drink = Drink.Trim();
        var result = await api.GetDrinkAsync(bar, drink, cancellationToken);
        if (result.Value is not { } found)
        {
            Message = result.Problem switch
            {
                { Status: StatusCodes.Status404NotFound } => $"No photo of “{drink}” at “{bar}” yet. Be the first to upload one!",
                { Detail: { } detail } => detail,
                _ => "The search could not be completed. Please try again.",
            };
            return;
        }

        Result = found;
        Shown = new ShownPhoto(found.UploadId, found.DisplayUrl, found.ThumbnailUrl, found.Width, found.Height, found.TakenAt, found.Camera, found.UploadedAt);
        if (found.PhotoCount > 1)
        {
            // The gallery is extra: without it the page still shows the drink.
            var photos = (await api.ListPhotosAsync(bar, drink, cancellationToken)).Value?.Photos ?? [];
            if (photos.FirstOrDefault(photo => photo.UploadId == Photo) is { } picked)
            {
                Shown = new ShownPhoto(picked.UploadId, picked.DisplayUrl, picked.ThumbnailUrl, picked.Width, picked.Height, picked.TakenAt, picked.Camera, picked.UploadedAt);
            }

            OtherPhotos = photos.Where(photo => photo.UploadId != Shown.UploadId).ToList();
        }
    }

    /// <summary>Bar names for the autocomplete: case- and accent-insensitive prefix match, stored spelling returned.</summary>
    public async Task<IActionResult> OnGetBarsAsync(string? prefix, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(prefix))
        {
            return new JsonResult(Array.Empty<string>());
        }

        var result = await api.FindBarsAsync(prefix.Trim(), cancellationToken);
        return new JsonResult(result.Value?.Bars ?? []);
    }

    /// <summary>Drink names at one bar for the autocomplete; every drink when the prefix is empty.</summary>
    public async Task<IActionResult> OnGetDrinksAsync(string? bar, string? prefix, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(bar))
        {
            return new JsonResult(Array.Empty<string>());
        }

        var result = await api.ListDrinksAsync(bar.Trim(), prefix?.Trim(), cancellationToken);
        return new JsonResult((result.Value?.Drinks ?? []).Take(DrinkApiClient.SuggestionCount).Select(drink => drink.DrinkName));
    }
}
