using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api.Apis;

/// <summary>What bounds a visitor's reports, bound as one parameter (<c>[AsParameters]</c>): who the client and the reporter are, how many reports it may send, after how many distinct reporters a photo is hidden.</summary>
public sealed record ReportLimits(ClientAddresses Clients, ReporterIds Reporters, IOptions<RateLimitOptions> RateLimits, IOptions<ModerationOptions> Moderation, TimeProvider Time);
