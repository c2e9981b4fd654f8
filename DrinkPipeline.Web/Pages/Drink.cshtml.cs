using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages;

/// <summary>A drink at every bar that has a photo of it, newest photo first.</summary>
public sealed class DrinkModel(DrinkApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public string DrinkName { get; private set; } = "";

    public DrinkBarList? Bars { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        DrinkName = DrinkApiClient.NameFromPath(HttpContext, "/drinks/");

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
