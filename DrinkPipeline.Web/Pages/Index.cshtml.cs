using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Web.Pages;

/// <summary>
/// The upload page. The browser asks this backend for a presigned form per photo (the backend calls the API), posts
/// each file straight to S3, then follows each upload's outcome here with the watch token that came with its form. Below: the most recent photos.
/// </summary>
public sealed class IndexModel(DrinkApiClient api, IOptions<PhotoPreparationOptions> preparation) : PageModel
{
    /// <summary>Checked in the browser before asking for a URL; the API stays authoritative.</summary>
    public static readonly string[] AcceptedTypes = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/heic", "image/avif"];

    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>What the page makes of a photo before it goes up (prepare.js).</summary>
    public PhotoPreparationOptions Preparation { get; } = preparation.Value;

    private const int RecentCount = 12;

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public IReadOnlyList<RecentPhoto> Recent { get; private set; } = [];

    public string? NextRecentCursor { get; private set; }

    public AutocompleteField BarField => new("batch-bar", "bar", "Bar", null, SearchModel.BarSuggestions);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // The list is a bonus: when the API is down the upload form still renders.
        var recent = (await api.ListRecentPhotosAsync(RecentCount, Cursor, cancellationToken)).Value;
        Recent = recent?.Photos ?? [];
        NextRecentCursor = recent?.NextCursor;
    }

    public async Task<IActionResult> OnPostPresignAsync([FromBody] UploadRequest? request, CancellationToken cancellationToken)
    {
        if (request is null || !ModelState.IsValid)
        {
            return ProblemResult(new ApiProblem(StatusCodes.Status400BadRequest, "The upload request is invalid.",
                "Send the bar, the drink, and the file's name, type and size as JSON.", null));
        }

        var result = await api.RequestUploadAsync(request, HttpContext.Connection.RemoteIpAddress, cancellationToken);
        if (result.Problem is { } problem)
        {
            // Over the upload limit: the page learns when to try again, as a client of the API would.
            if (problem.RetryAfterSeconds is { } wait)
            {
                Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return ProblemResult(problem);
        }

        return new JsonResult(result.Value);
    }

    /// <summary>
    /// A fresh antiforgery token (and its cookie) for the page's script: a page served from the browser's cache or the
    /// service worker carries a token that may no longer match the cookie. Never cached (antiforgery marks it so).
    /// </summary>
    public JsonResult OnGetFormToken([FromServices] IAntiforgery antiforgery) =>
        new(new { token = antiforgery.GetAndStoreTokens(HttpContext).RequestToken });

    /// <summary>
    /// The page's fallback where its event stream fails: the same <see cref="UploadWatchEvent"/>, for the holder of the
    /// upload's watch token only.
    /// </summary>
    public async Task<IActionResult> OnGetStatusAsync(string? watch, [FromServices] UploadWatchTokens tokens, CancellationToken cancellationToken)
    {
        if (tokens.Verify(watch) is not { } uploadId)
        {
            return ProblemResult(new ApiProblem(StatusCodes.Status403Forbidden, "Forbidden",
                UploadWatchTokens.Refusal, null));
        }

        var result = await api.GetUploadAsync(uploadId, cancellationToken);
        return result.Problem is { } problem ? ProblemResult(problem) : new JsonResult(UploadWatchEvent.From(result.Value!));
    }

    internal static JsonResult ProblemResult(ApiProblem problem) =>
        new(problem) { StatusCode = problem.Status, ContentType = "application/problem+json" };
}
