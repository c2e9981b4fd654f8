using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace DrinkPipeline.Web;

/// <summary>
/// Moderators sign in with the administrators' key, which opens a session in the API (see <c>ModeratorSessions</c>);
/// the key is not kept, the session's token is, inside the cookie, which Data Protection encrypts with the key ring
/// every web copy shares: any copy reads a session another issued. Signing out closes the session in the API, so the
/// cookie, copied or not, opens nothing after. The cookie is HttpOnly, SameSite=Strict, limited to /moderation, and
/// lasts as long as the session (8 hours).
/// </summary>
public static class Moderators
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    private const string SessionClaim = "drinkpipeline:moderator-session";

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
            cookie.SlidingExpiration = false;
            cookie.LoginPath = "/moderation/sign-in";
            cookie.LogoutPath = "/moderation/sign-out";
            cookie.AccessDeniedPath = "/moderation/sign-in";
        });
        services.AddAuthorization();
        services.AddSingleton<SignInThrottle>();
        return services;
    }

    public static ClaimsPrincipal Principal(string session) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "moderator"), new Claim(SessionClaim, session)], Scheme));

    /// <summary>The signed-in moderator's session; every moderation call to the API presents it.</summary>
    public static string ModeratorSession(this ClaimsPrincipal user) =>
        user.FindFirst(SessionClaim)?.Value ?? throw new InvalidOperationException("Not signed in as a moderator.");
}
