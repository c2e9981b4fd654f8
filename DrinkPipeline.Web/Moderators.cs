using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DrinkPipeline.Web;

/// <summary>
/// Moderators sign in with the administrators' key; the web app checks it with the API and keeps it only inside the
/// session cookie, which Data Protection encrypts with the key ring every web copy shares: any copy reads a session
/// another issued. The cookie is HttpOnly, SameSite=Strict, limited to /moderation, and lasts 8 hours of inactivity.
/// </summary>
public static class Moderators
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    private const string AdminKeyClaim = "drinkpipeline:admin-key";

    public static IServiceCollection AddModeratorSignIn(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "DrinkPipeline.Moderation";
            cookie.Cookie.Path = "/moderation";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/moderation/sign-in";
            cookie.LogoutPath = "/moderation/sign-out";
            cookie.AccessDeniedPath = "/moderation/sign-in";
        });
        services.AddAuthorization();
        services.AddSingleton<SignInThrottle>();
        return services;
    }

    public static ClaimsPrincipal Principal(string adminKey) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "moderator"), new Claim(AdminKeyClaim, adminKey)], Scheme));

    /// <summary>The key the signed-in moderator gave; every moderation call to the API presents it.</summary>
    public static string AdminKey(this ClaimsPrincipal user) =>
        user.FindFirst(AdminKeyClaim)?.Value ?? throw new InvalidOperationException("Not signed in as a moderator.");
}
