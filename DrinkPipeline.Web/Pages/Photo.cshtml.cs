using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages;

/// <summary>
/// A photo's share page, <c>/p/{uploadId}</c>: a link that lasts (the page and its image link fetch fresh presigned
/// URLs on every visit), with Open Graph and Twitter card meta for link previews. A removed photo answers 410, an
/// unknown one 404.
/// </summary>
public sealed class PhotoModel(DrinkApiClient api) : PageModel
{
    private const int OtherPhotoCount = 12;

    public PhotoResponse? Photo { get; private set; }

    public IReadOnlyList<PhotoSummary> OtherPhotos { get; private set; } = [];

    public string? Message { get; private set; }

    /// <summary>The report form: one of <see cref="ReportReasons.All"/>, and an optional note.</summary>
    [BindProperty]
    public string? ReportReason { get; set; }

    [BindProperty]
    public string? ReportNote { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Reported { get; set; }

    /// <summary>Why the report was not taken, when it was not.</summary>
    public string? ReportProblem { get; private set; }

    public static IReadOnlyList<(string Value, string Label)> Reasons { get; } =
    [
        ("spam", "Spam or advertising"),
        ("offensive", "Offensive or inappropriate"),
        ("not-a-drink", "Not a drink"),
        ("wrong-bar-or-drink", "Wrong bar or drink"),
        ("other", "Something else"),
    ];

    /// <summary>This page's address, absolute: what "Copy link" copies and previews name.</summary>
    public string ShareUrl { get; private set; } = "";

    /// <summary>An image URL that does not expire: it redirects to a fresh presigned one.</summary>
    public string ShareImageUrl { get; private set; } = "";

    /// <summary>Sends the report; after it, the page again (post, redirect, get), thanking the visitor.</summary>
    public async Task<IActionResult> OnPostReportAsync(string uploadId, CancellationToken cancellationToken)
    {
        var result = await api.ReportAsync(uploadId, new ReportRequest(ReportReason, string.IsNullOrWhiteSpace(ReportNote) ? null : ReportNote), HttpContext.Connection.RemoteIpAddress, cancellationToken);
        if (result.Problem is null)
        {
            return Redirect($"/p/{Uri.EscapeDataString(uploadId)}?reported=true#report");
        }

        await OnGetAsync(uploadId, cancellationToken);
        ReportProblem = result.Problem.Detail ?? "The report could not be sent. Please try again.";
        return Page();
    }

    public async Task OnGetAsync(string uploadId, CancellationToken cancellationToken)
    {
        var origin = $"{Request.Scheme}://{Request.Host}";
        ShareUrl = $"{origin}/p/{Uri.EscapeDataString(uploadId)}";
        ShareImageUrl = $"{ShareUrl}/image";
        var result = await api.GetPhotoAsync(uploadId, cancellationToken);
        if (result.Value is not { } photo)
        {
            Response.StatusCode = result.Problem?.Status is StatusCodes.Status404NotFound or StatusCodes.Status410Gone
                ? result.Problem.Status
                : StatusCodes.Status503ServiceUnavailable;
            Message = Response.StatusCode switch
            {
                StatusCodes.Status410Gone => "This photo was removed.",
                StatusCodes.Status404NotFound => "There is no photo at this link.",
                _ => result.Problem?.Detail ?? "This photo could not be shown. Please try again.",
            };
            return;
        }

        Photo = photo;
        var others = await api.ListPhotosAsync(photo.BarName, photo.DrinkName, cancellationToken);
        OtherPhotos = (others.Value?.Photos ?? []).Where(other => other.UploadId != photo.UploadId).Take(OtherPhotoCount).ToList();
    }
}
