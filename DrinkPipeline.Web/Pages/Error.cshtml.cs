using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages;

/// <summary>Shown for unhandled exceptions and error status codes: a plain message, never exception details.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int? Status { get; set; }

    public string Title => Status == StatusCodes.Status404NotFound ? "Page not found" : "Something went wrong";

    public string Message => Status == StatusCodes.Status404NotFound
        ? "There is nothing at this address."
        : "Please try again in a moment.";

    public void OnGet()
    {
    }

    /// <summary>The exception handler re-executes the failed request's method, which may be a POST.</summary>
    public void OnPost()
    {
    }
}
