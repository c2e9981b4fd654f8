using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages;

public sealed class SearchModel(DrinkApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Bar { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Drink { get; set; }

    public Drink? Result { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Bar) || string.IsNullOrWhiteSpace(Drink))
        {
            return;
        }

        var result = await api.GetDrinkAsync(Bar.Trim(), Drink.Trim(), cancellationToken);
        Result = result.Value;
        Message = result.Problem switch
        {
            null => null,
            { Status: StatusCodes.Status404NotFound } => $"No photo of “{Drink.Trim()}” at “{Bar.Trim()}” yet. Be the first to upload one!",
            { Detail: { } detail } => detail,
            _ => "The search could not be completed. Please try again.",
        };
    }
}
