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
            // .js and .wasm by their extensions; LICENSE, the folder's one file without one, as text.
            ServeUnknownFileTypes = true,
            DefaultContentType = "text/plain; charset=utf-8",
        });
}
