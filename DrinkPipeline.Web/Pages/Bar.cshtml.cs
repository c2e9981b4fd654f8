using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages;

/// <summary>A bar's gallery: each of its drinks with the thumbnail of its newest photo.</summary>
public sealed class BarModel(DrinkApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public string BarName { get; private set; } = "";

    public string? NextCursor { get; private set; }

    public IReadOnlyList<DrinkSummary> Drinks { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        BarName = DrinkApiClient.NameFromPath(HttpContext, "/bars/");

        var result = await api.ListDrinksAsync(BarName, prefix: null, cancellationToken, Cursor);
        if (result.Value is { } list)
        {
            BarName = list.BarName;
            Drinks = list.Drinks;
            NextCursor = list.NextCursor;
            Message = list.Drinks.Count == 0 ? $"No photos at “{BarName}” yet. Be the first to upload one!" : null;
        }
        else
        {
            Message = result.Problem?.Detail ?? "This bar could not be shown. Please try again.";
        }
    }
}
