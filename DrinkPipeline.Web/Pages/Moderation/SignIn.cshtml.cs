using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DrinkPipeline.Web.Pages.Moderation;

/// <summary>Moderators sign in with the administrators' key, which opens a session in the API; only the session is kept.</summary>
[AllowAnonymous]
public sealed class SignInModel(DrinkApiClient api, SignInThrottle throttle) : PageModel
{
    [BindProperty]
    public string? Key { get; set; }

    public string? Message { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!throttle.TryAttempt(HttpContext.Connection.RemoteIpAddress))
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = ((int)SignInThrottle.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Message = "Too many sign-in attempts from this address. Try again in a minute.";
            return Page();
        }

        if (string.IsNullOrWhiteSpace(Key))
        {
            Message = "Enter the moderators' key.";
            return Page();
        }

        var opened = await api.OpenModeratorSessionAsync(Key.Trim(), cancellationToken);
        if (opened.Problem is { } problem)
        {
            Message = problem.Status is StatusCodes.Status401Unauthorized ? "That key is not the moderators' key." : problem.Detail;
            return Page();
        }

        await HttpContext.SignInAsync(Moderators.Scheme, Moderators.Principal(opened.Value!.Token),
            new AuthenticationProperties { ExpiresUtc = opened.Value.ExpiresAt });
        return LocalRedirect("/moderation");
    }
}
