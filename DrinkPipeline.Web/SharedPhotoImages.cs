namespace DrinkPipeline.Web;

/// <summary>
/// <c>/p/{uploadId}/image</c>: the share page's image at an address that never expires (for <c>og:image</c> and the
/// page itself). It redirects to a fresh presigned URL of the display rendition, and lets caches keep the redirect for
/// less time than that URL lives, so a cached redirect never points at an expired one.
/// </summary>
public static class SharedPhotoImages
{
    /// <summary>How long a redirect may be cached at most; the presigned URL outlives it by at least a minute.</summary>
    private static readonly TimeSpan MaxCacheAge = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapSharedPhotoImages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/p/{uploadId}/image", RedirectAsync);
        return app;
    }

    private static async Task<IResult> RedirectAsync(string uploadId, DrinkApiClient api, HttpContext context, TimeProvider time, CancellationToken cancellationToken)
    {
        var result = await api.GetPhotoAsync(uploadId, cancellationToken);
        if (result.Value is not { DisplayUrl: { } displayUrl } photo)
        {
            // 404 and 410 as the page answers them; the status code pages give them a body.
            return Results.StatusCode(result.Problem?.Status is StatusCodes.Status410Gone or StatusCodes.Status404NotFound
                ? result.Problem.Status
                : result.Value is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status404NotFound);
        }

        var cacheFor = photo.DisplayUrlExpiresAt - time.GetUtcNow() - TimeSpan.FromMinutes(1);
        var seconds = (int)Math.Clamp(cacheFor.TotalSeconds, 0, MaxCacheAge.TotalSeconds);
        context.Response.Headers.CacheControl = seconds > 0 ? $"public, max-age={seconds}" : "no-store";
        return Results.Redirect(displayUrl);
    }
}
