using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages;

/// <summary>A drink at every bar that has a photo of it, newest photo first.</summary>
public sealed class DrinkModel(DrinkApiClient api) : PageModel
{
    private const string PathPrefix = "/drinks/";

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public string DrinkName { get; private set; } = "";

    public DrinkBarList? Bars { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // The raw target, as on the bar page: the route value would keep "%2F" encoded but decode the rest.
        var target = HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? Request.Path.Value ?? "";
        var segment = target.Split('?', 2)[0];
        segment = segment.StartsWith(PathPrefix, StringComparison.OrdinalIgnoreCase) ? segment[PathPrefix.Length..] : "";
        DrinkName = DrinkApiClient.FromSegment(segment);

        var result = await api.ListBarsServingAsync(DrinkName, Cursor, cancellationToken);
        if (result.Value is { } bars)
        {
            Bars = bars;
            DrinkName = bars.DrinkName;
        }
        else
        {
            Response.StatusCode = result.Problem?.Status == StatusCodes.Status404NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
            Message = result.Problem?.Status == StatusCodes.Status404NotFound
                ? $"No bar has a photo of “{DrinkName}” yet."
                : result.Problem?.Detail ?? "This drink could not be shown. Please try again.";
        }
    }
}
