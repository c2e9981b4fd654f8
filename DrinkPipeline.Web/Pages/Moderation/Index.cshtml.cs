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

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await api.ListReportedAsync(User.ModeratorSession(), Cursor, cancellationToken);
        if (IsSessionOver(result.Problem))
        {
            return await SignOutAsync();
        }

        Queue = result.Value;
        Message = result.Problem?.Detail;
        return Page();
    }

    public Task<IActionResult> OnPostKeepAsync(string uploadId, CancellationToken cancellationToken) =>
        ActAsync(api.KeepPhotoAsync(User.ModeratorSession(), uploadId, cancellationToken), "Kept: the photo is shown again.", cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(string uploadId, CancellationToken cancellationToken) =>
        ActAsync(api.RemovePhotoAsync(User.ModeratorSession(), uploadId, cancellationToken), "Removed: the photo is deleted and its link answers 410.", cancellationToken);

    /// <summary>Closes the session in the API first: the cookie, wherever a copy of it is, opens nothing after.</summary>
    public async Task<IActionResult> OnPostSignOutAsync(CancellationToken cancellationToken)
    {
        await api.CloseModeratorSessionAsync(User.ModeratorSession(), cancellationToken);
        return await SignOutAsync();
    }

    private async Task<IActionResult> ActAsync(Task<ApiResult<object>> action, string done, CancellationToken cancellationToken)
    {
        var result = await action;
        if (IsSessionOver(result.Problem))
        {
            return await SignOutAsync();
        }

        if (result.Problem is { } problem)
        {
            var page = await OnGetAsync(cancellationToken);
            Message = problem.Detail;
            return page;
        }

        Done = done;
        return LocalRedirect("/moderation");
    }

    /// <summary>The API no longer knows the session: signed out elsewhere, or ended.</summary>
    private static bool IsSessionOver(ApiProblem? problem) => problem?.Status == StatusCodes.Status401Unauthorized;

    private async Task<IActionResult> SignOutAsync()
    {
        await HttpContext.SignOutAsync(Moderators.Scheme);
        return LocalRedirect("/moderation/sign-in");
    }
}
