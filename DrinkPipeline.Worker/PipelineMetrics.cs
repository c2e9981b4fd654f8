using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DrinkPipeline.Worker;

/// <summary>The worker's spans and metrics, under the shared <c>DrinkPipeline</c> source and meter.</summary>
public sealed class PipelineMetrics
{
    public static readonly ActivitySource ActivitySource = new(Microsoft.Extensions.Hosting.Extensions.TelemetryName);

    private readonly Counter<long> processed;
    private readonly Counter<long> rejected;
    private readonly Counter<long> duplicates;
    private readonly Histogram<double> duration;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Microsoft.Extensions.Hosting.Extensions.TelemetryName);
        processed = meter.CreateCounter<long>("drinkpipeline.photos.processed", "{photo}", "Photos accepted and recorded.");
        rejected = meter.CreateCounter<long>("drinkpipeline.photos.rejected", "{photo}", "Uploaded objects rejected and deleted.");
        duplicates = meter.CreateCounter<long>("drinkpipeline.photos.duplicate", "{photo}", "Uploads whose content an earlier photo of the drink already has.");
        duration = meter.CreateHistogram<double>("drinkpipeline.photo.processing.duration", "s", "Time to process one S3 event.");
    }

    public void PhotoProcessed() => processed.Add(1);

    public void PhotoDuplicate() => duplicates.Add(1);

    /// <summary>Counts a rejection; the tag is a fixed category, never the free-text reason.</summary>
    public void PhotoRejected(string category) => rejected.Add(1, new KeyValuePair<string, object?>("reason", category));

    public void ProcessingTook(TimeSpan elapsed, string outcome) =>
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
}
