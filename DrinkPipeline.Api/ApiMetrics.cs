using System.Diagnostics.Metrics;

namespace DrinkPipeline.Api;

/// <summary>The API's pipeline metrics, under the shared <c>DrinkPipeline</c> meter.</summary>
public sealed class ApiMetrics
{
    private readonly Counter<long> uploadsRequested;
    private readonly Counter<long> uploadsRateLimited;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Microsoft.Extensions.Hosting.Extensions.TelemetryName);
        uploadsRequested = meter.CreateCounter<long>("drinkpipeline.uploads.requested", "{upload}", "Presigned upload forms issued.");
        uploadsRateLimited = meter.CreateCounter<long>("drinkpipeline.uploads.rate_limited", "{request}", "Upload requests refused with 429 by the per-client limit.");
    }

    public void UploadRequested(string contentType) =>
        uploadsRequested.Add(1, new KeyValuePair<string, object?>("content_type", contentType));

    public void UploadRateLimited() => uploadsRateLimited.Add(1);
}
