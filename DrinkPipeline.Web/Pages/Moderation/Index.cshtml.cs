using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages.Moderation;

/// <summary>Reported photos, most recently reported first, each with Remove and Keep.</summary>
[Authorize(AuthenticationSchemes = Moderators.Scheme)]
public sealed class IndexModel(DrinkApiClient api) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    public ReportedPhotoList? Queue { get; private set; }

    public string? Message { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await api.ListReportedAsync(User.AdminKey(), Cursor, cancellationToken);
        Queue = result.Value;
        Message = result.Problem?.Detail;
    }

    public Task<IActionResult> OnPostKeepAsync(string uploadId, CancellationToken cancellationToken) =>
        ActAsync(api.KeepPhotoAsync(User.AdminKey(), uploadId, cancellationToken), "Kept: the photo is shown again.", cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(string uploadId, CancellationToken cancellationToken) =>
        ActAsync(api.RemovePhotoAsync(User.AdminKey(), uploadId, cancellationToken), "Removed: the photo is deleted and its link answers 410.", cancellationToken);

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(Moderators.Scheme);
        return LocalRedirect("/moderation/sign-in");
    }

    private async Task<IActionResult> ActAsync(Task<ApiResult<object>> action, string done, CancellationToken cancellationToken)
    {
        var result = await action;
        if (result.Problem is { } problem)
        {
            await OnGetAsync(cancellationToken);
            Message = problem.Detail;
            return Page();
        }

        Done = done;
        return LocalRedirect("/moderation");
    }
}
