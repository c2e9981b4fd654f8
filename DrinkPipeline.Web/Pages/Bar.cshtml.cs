using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages;

/// <summary>A bar's gallery: each of its drinks with the thumbnail of its newest photo.</summary>
public sealed class BarModel(DrinkApiClient api) : PageModel
{
    private const string PathPrefix = "/bars/";

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public string BarName { get; private set; } = "";

    public string? NextCursor { get; private set; }

    public IReadOnlyList<DrinkSummary> Drinks { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // The raw target, not the route value: the route value keeps "%2F" encoded but decodes everything else.
        var target = HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? Request.Path.Value ?? "";
        var segment = target.Split('?', 2)[0];
        segment = segment.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase) ? segment[PathPrefix.Length..] : "";
        BarName = DrinkApiClient.FromSegment(segment);

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
