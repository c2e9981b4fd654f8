using Microsoft.Extensions.Options;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;

namespace DrinkPipeline.Api;

public static class Extensions
{
    /// <summary>Everything the API registers besides the service defaults.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.AddDrinkPipelineStorage();
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        // The same in every environment: unreadable requests throw, and BadRequestHandler answers with a problem that says why.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddValidatedOptions<PrivacyOptions>(PrivacyOptions.SectionName);
        services.AddValidatedOptions<PagingOptions>(PagingOptions.SectionName);
        services.AddValidatedOptions<AdminOptions>(AdminOptions.SectionName);
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminKeyLength>();
        services.AddValidatedOptions<ModerationOptions>(ModerationOptions.SectionName);
        services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.SectionName);
        services.AddValidatedOptions<ClientForwardingOptions>(ClientForwardingOptions.SectionName);
        services.AddSingleton(provider => new UploadWatchTokens(
            provider.GetRequiredService<IOptions<ClientForwardingOptions>>().Value.Key, provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<PhotoUrls>();
        services.AddSingleton<PageCursors>();
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<ClientAddresses>();
        services.AddSingleton<ReporterIds>();
        services.AddSingleton<UploadLimiter>();
        services.AddOpenApi();
        // Requests are small JSON; photos go straight to S3.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 16 * 1024);
        return builder;
    }
}
