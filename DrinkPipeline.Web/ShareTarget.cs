namespace DrinkPipeline.Web;

/// <summary>
/// The web app manifest's share target. The service worker (wwwroot/sw.js) takes the shared photos and hands them to
/// the upload page; a share that reaches the server instead (the service worker not running yet) cannot carry its
/// photos over, so the upload page opens and says so.
/// </summary>
public static class ShareTarget
{
    public const string Path = "/share-target";

    public static IEndpointRouteBuilder MapShareTarget(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, (HttpContext context) =>
        {
            // 303: the browser follows with a GET, as after a form post.
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = "/?shared=0";
        }).DisableAntiforgery();
        return app;
    }
}
