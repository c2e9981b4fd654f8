using Microsoft.Extensions.FileProviders;

namespace DrinkPipeline.Web;

/// <summary>
/// libheif compiled to WebAssembly (npm's libheif-js, LGPL-3.0, unmodified; its licence is served beside it), copied
/// next to the app by the build and served at <see cref="RequestPath"/>. Only the upload page's HEIC worker loads it.
/// </summary>
public static class Libheif
{
    public const string RequestPath = "/lib/libheif";

    public static IApplicationBuilder UseLibheif(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "libheif")),
            RequestPath = RequestPath,
            // LICENSE has no extension; it is served as text so the licence travels with the library.
            ServeUnknownFileTypes = false,
            ContentTypeProvider = new LibheifContentTypes(),
        });

    private sealed class LibheifContentTypes : Microsoft.AspNetCore.StaticFiles.IContentTypeProvider
    {
        public bool TryGetContentType(string subpath, out string contentType)
        {
            contentType = Path.GetExtension(subpath) switch
            {
                ".js" => "text/javascript",
                ".wasm" => "application/wasm",
                "" => "text/plain; charset=utf-8",
                _ => "",
            };
            return contentType.Length > 0;
        }
    }
}
