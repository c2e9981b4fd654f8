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
    private readonly Counter<long> errors;
    private readonly Histogram<double> duration;
    private readonly Histogram<double> queueLag;
    private readonly Histogram<double> endToEnd;
    private long deadLetterDepth = -1;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Microsoft.Extensions.Hosting.Extensions.TelemetryName);
        processed = meter.CreateCounter<long>("drinkpipeline.photos.processed", "{photo}", "Photos accepted and recorded.");
        rejected = meter.CreateCounter<long>("drinkpipeline.photos.rejected", "{photo}", "Uploaded objects rejected and deleted.");
        duplicates = meter.CreateCounter<long>("drinkpipeline.photos.duplicate", "{photo}", "Uploads whose content an earlier photo of the drink already has.");
        errors = meter.CreateCounter<long>("drinkpipeline.processing.errors", "{message}", "Queue messages whose processing failed (retried, then dead-lettered).");
        duration = meter.CreateHistogram<double>("drinkpipeline.photo.processing.duration", "s", "Time to process one S3 event.");
        queueLag = meter.CreateHistogram<double>("drinkpipeline.queue.lag", "s", "From the S3 event time to the start of its processing.");
        endToEnd = meter.CreateHistogram<double>("drinkpipeline.upload.latency", "s", "From the presign request to the photo being ready.");
        meter.CreateObservableGauge("drinkpipeline.dlq.depth", ObserveDeadLetterDepth, "{message}", "Messages waiting in the dead-letter queue.");
    }

    public void PhotoProcessed() => processed.Add(1);

    public void PhotoDuplicate() => duplicates.Add(1);

    public void ProcessingFailed() => errors.Add(1);

    /// <summary>Counts a rejection; the tag is a fixed category, never the free-text reason.</summary>
    public void PhotoRejected(string category) => rejected.Add(1, new KeyValuePair<string, object?>("reason", category));

    public void QueueLag(TimeSpan lag) => queueLag.Record(Math.Max(0, lag.TotalSeconds));

    public void UploadBecameReady(TimeSpan sincePresign) => endToEnd.Record(Math.Max(0, sincePresign.TotalSeconds));

    /// <summary>Set by <see cref="DeadLetterQueueMonitor"/>; nothing is reported until it has read the queue once.</summary>
    public void DeadLetterDepthObserved(long depth) => Interlocked.Exchange(ref deadLetterDepth, depth);

    /// <summary>Another worker copy reports the depth now; this one stops, so the copies never add up.</summary>
    public void DeadLetterDepthNotReported() => Interlocked.Exchange(ref deadLetterDepth, -1);

    private IEnumerable<Measurement<long>> ObserveDeadLetterDepth()
    {
        var depth = Interlocked.Read(ref deadLetterDepth);
        return depth < 0 ? [] : [new Measurement<long>(depth)];
    }

    public void ProcessingTook(TimeSpan elapsed, string outcome) =>
        duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
}
