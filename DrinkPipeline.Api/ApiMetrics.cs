using System.Diagnostics.Metrics;

namespace DrinkPipeline.Api;

/// <summary>The API's pipeline metrics, under the shared <c>DrinkPipeline</c> meter.</summary>
public sealed class ApiMetrics
{
    private readonly Counter<long> uploadsRequested;

    public ApiMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Microsoft.Extensions.Hosting.Extensions.TelemetryName);
        uploadsRequested = meter.CreateCounter<long>("drinkpipeline.uploads.requested", "{upload}", "Presigned upload forms issued.");
    }

    public void UploadRequested(string contentType) =>
        uploadsRequested.Add(1, new KeyValuePair<string, object?>("content_type", contentType));
}
