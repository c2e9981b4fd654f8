using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api;

/// <summary>Section <c>RateLimits</c>: presigned uploads per end client per window. Raised for load runs.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>Enough for a person dropping an evening's photos at once; not for a script flooding the bucket.</summary>
    [Range(1, 1_000_000)]
    public int UploadsPerWindow { get; set; } = 120;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public static class UploadRateLimits
{
    public const string Policy = "uploads";

    public static IServiceCollection AddUploadRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ClientForwardingOptions>().BindConfiguration(ClientForwardingOptions.SectionName);
        services.AddSingleton<ClientAddresses>();
        return services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var client = context.RequestServices.GetRequiredService<ClientAddresses>().Of(context);
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.UploadsPerWindow,
                    Window = limits.Window,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = OnRejectedAsync;
        });
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var services = context.RequestServices;
        var limits = services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var client = services.GetRequiredService<ClientAddresses>().Of(context);
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

        services.GetRequiredService<ApiMetrics>().UploadRateLimited();
        services.GetRequiredService<ILogger<RateLimitOptions>>().UploadRateLimited(client, limits.UploadsPerWindow, limits.Window);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await services.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many uploads.",
                Detail = $"At most {limits.UploadsPerWindow} uploads every {limits.Window.TotalSeconds:0} seconds from one address. Try again in {seconds} seconds.",
            },
        });
    }
}
