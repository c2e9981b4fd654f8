using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api.Apis;

/// <summary>What a presign uses, bound as one parameter (<c>[AsParameters]</c>).</summary>
public sealed record PresignServices(
    UploadLimiter Limiter,
    ClientAddresses Clients,
    PhotoUrls Urls,
    UploadWatchTokens WatchTokens,
    ApiMetrics Metrics,
    IOptions<UploadOptions> Options,
    TimeProvider Time,
    ILogger<PresignServices> Logger);
