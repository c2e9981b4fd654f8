using DrinkPipeline.Storage.Catalog;
using DrinkPipeline.Storage.Moderation;
using DrinkPipeline.Storage.Uploads;

namespace DrinkPipeline.Api.Apis;

/// <summary>What the moderators' handlers use, bound as one parameter (<c>[AsParameters]</c>).</summary>
public sealed record ModerationServices(UploadStore Uploads, PhotoReports Reports, PhotoVisibility Visibility, ILogger<ModerationServices> Logger);
