using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api.Apis;

/// <summary>What bounds a visitor's reports, bound as one parameter (<c>[AsParameters]</c>): who the client is, how many reports it may send, after how many a photo is hidden.</summary>
public sealed record ReportLimits(ClientAddresses Clients, IOptions<RateLimitOptions> RateLimits, IOptions<ModerationOptions> Moderation, TimeProvider Time);
