using Microsoft.Extensions.Options;
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
        services.AddRazorPages(options => options.Conventions.ConfigureFilter(new StaleFormTokens()));
        services.AddModeratorSignIn();
        services.AddValidatedOptions<ClientForwardingOptions>(ClientForwardingOptions.SectionName);
        services.AddValidatedOptions<PhotoPreparationOptions>(PhotoPreparationOptions.SectionName);
        services.AddSingleton(provider => new UploadWatchTokens(
            provider.GetRequiredService<IOptions<ClientForwardingOptions>>().Value.Key, provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddUploadOutcomes();
        // In place of the standard handler ConfigureHttpClientDefaults gives every client, not stacked on it (see
        // ApiResilience). RemoveAllResilienceHandlers is marked for evaluation; it is the documented way to replace it.
#pragma warning disable EXTEXP0001
        services.AddHttpClient<DrinkApiClient>(client => client.BaseAddress = new("https+http://api"))
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("api", ApiResilience.Configure);
#pragma warning restore EXTEXP0001
        // The pages only post small JSON and forms; photos go straight to S3.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 64 * 1024);
        return builder;
    }
}
