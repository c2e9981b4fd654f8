using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages;

/// <summary>
/// The upload page. The browser asks this backend for a presigned form (the backend calls the API), posts the file
/// straight to S3, then polls this backend for the upload's status.
/// </summary>
public sealed class IndexModel(DrinkApiClient api) : PageModel
{
    /// <summary>Checked in the browser before asking for a URL; the API stays authoritative.</summary>
    public static readonly string[] AcceptedTypes = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/heic", "image/avif"];

    public const long MaxBytes = 20 * 1024 * 1024;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPresignAsync([FromBody] UploadRequest request, CancellationToken cancellationToken)
    {
        var result = await api.RequestUploadAsync(request, cancellationToken);
        return result.Problem is { } problem ? ProblemResult(problem) : new JsonResult(result.Value);
    }

    public async Task<IActionResult> OnGetStatusAsync(string uploadId, CancellationToken cancellationToken)
    {
        var result = await api.GetUploadAsync(uploadId, cancellationToken);
        return result.Problem is { } problem ? ProblemResult(problem) : new JsonResult(result.Value);
    }

    internal static JsonResult ProblemResult(ApiProblem problem) =>
        new(problem) { StatusCode = problem.Status, ContentType = "application/problem+json" };
}
