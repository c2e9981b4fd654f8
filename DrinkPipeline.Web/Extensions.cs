using DrinkPipeline.Contracts;
using DrinkPipeline.Web.UploadOutcomes;

namespace DrinkPipeline.Web;

public static class Extensions
{
    /// <summary>Everything the web app registers besides the service defaults.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Before Razor Pages: antiforgery registers Data Protection, whose start-up must come after the first key's election.
        services.AddSharedKeyRing(builder.Configuration);
        services.AddRazorPages();
        services.AddModeratorSignIn();
        services.AddValidatedOptions<ClientForwardingOptions>(ClientForwardingOptions.SectionName);
        services.AddUploadOutcomes();
        services.AddHttpClient<DrinkApiClient>(client => client.BaseAddress = new("https+http://api"));
        // The pages only post small JSON and forms; photos go straight to S3.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 64 * 1024);
        return builder;
    }
}
