namespace DrinkPipeline.Web;

/// <summary>
/// Response headers every page gets. The Content Security Policy allows scripts and styles from this site only (the
/// pages have no inline script or style), and adds the storage origin where the browser posts photos and loads images.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The one script that compiles WebAssembly (libheif, for HEIC photos). A worker runs under the policy its own
    /// script arrives with, so only it gets <c>'wasm-unsafe-eval'</c>; the pages keep <c>script-src 'self'</c>.
    /// </summary>
    public const string HeicWorkerPath = "/js/heic-worker.js";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string storageOrigin)
    {
        var pages = ContentSecurityPolicy(storageOrigin, compilesWebAssembly: false);
        var heicWorker = ContentSecurityPolicy(storageOrigin, compilesWebAssembly: true);
        return app.Use((context, next) =>
        {
            Apply(context, context.Request.Path.Equals(HeicWorkerPath, StringComparison.Ordinal) ? heicWorker : pages);
            return next(context);
        });
    }

    public static void Apply(HttpContext context, string contentSecurityPolicy)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // Presigned image URLs carry their signature in the query; no page address needs to leak to S3 either.
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // Served over HTTPS (on AWS: the balancer's X-Forwarded-Proto, see LoadBalancerForwarding): browsers keep to
        // HTTPS for a year. Never over plain HTTP, where the header means nothing and local runs would be pinned.
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }
    }

    public static string ContentSecurityPolicy(string storageOrigin, bool compilesWebAssembly) =>
        "default-src 'self'; " +
        (compilesWebAssembly ? "script-src 'self' 'wasm-unsafe-eval'; " : "script-src 'self'; ") +
        "style-src 'self'; " +
        // blob: for the previews of chosen files, before they are uploaded.
        $"img-src 'self' blob: {storageOrigin}; " +
        $"connect-src 'self' {storageOrigin}; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'; " +
        "base-uri 'self'; " +
        "object-src 'none'";

    /// <summary>
    /// Where presigned URLs point: the emulator's endpoint locally (<c>AWS:ServiceURL</c>), otherwise the bucket's
    /// virtual-hosted S3 origins (regional and global, as the SDK may produce either).
    /// </summary>
    public static string StorageOrigin(IConfiguration configuration)
    {
        if (configuration["AWS:ServiceURL"] is { Length: > 0 } serviceUrl)
        {
            return new Uri(serviceUrl).GetLeftPart(UriPartial.Authority);
        }

        var bucket = configuration["AWS:Resources:BucketName"]
            ?? throw new InvalidOperationException(
                "AWS:Resources:BucketName is not set; the AppHost passes it to the web app (web.WithStackOutputs(stack, ...)).");
        var region = configuration["AWS:Region"] ?? "us-east-1";
        return $"https://{bucket}.s3.{region}.amazonaws.com https://{bucket}.s3.amazonaws.com";
    }
}
