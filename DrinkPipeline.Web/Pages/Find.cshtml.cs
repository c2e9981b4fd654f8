using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages;

/// <summary>
/// Results of the header's search box: bars and drinks (at every bar) whose names have a word starting with each word
/// typed. "More results" continues both lists with the API's cursor.
/// </summary>
public sealed class FindModel(DrinkApiClient api) : PageModel
{
    private const int PageSize = 12;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public SearchResponse? Results { get; private set; }

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var query = Q?.Trim() ?? "";
        if (query.Length == 0)
        {
            Message = "Type the start of a bar's or a drink's name in the search box.";
            return;
        }

        var result = await api.SearchAsync(query, PageSize, Cursor, cancellationToken);
        Results = result.Value;
        Message = result.Problem?.Detail ??
            (Results is { Bars.Count: 0, Drinks.Count: 0 } ? $"Nothing found for “{query}”. Try fewer letters, or another word of the name." : null);
    }

    /// <summary>Suggestions for the header box as one types: bar names, then "drink at bar".</summary>
    public async Task<IActionResult> OnGetSuggestAsync(string? q, CancellationToken cancellationToken)
    {
        var query = q?.Trim() ?? "";
        if (NameRules.RuneCount(query) < 2 || NameRules.RuneCount(query) > NameRules.MaxLength)
        {
            return new JsonResult(Array.Empty<string>());
        }

        var result = await api.SearchAsync(query, DrinkApiClient.SuggestionCount / 2, null, cancellationToken);
        var found = result.Value;
        return new JsonResult(found is null
            ? []
            : found.Bars.Select(bar => bar.BarName).Concat(found.Drinks.Select(drink => drink.DrinkName)).Distinct().Take(DrinkApiClient.SuggestionCount));
    }
}
