using System.ComponentModel.DataAnnotations;

namespace DrinkPipeline.Worker;

/// <summary>Queue polling (section <c>Worker</c>). Tests shorten the waits; the defaults suit production.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>SQS long-poll wait; 20 s is the maximum and the cheapest.</summary>
    [Range(0, 20)]
    public int WaitTimeSeconds { get; set; } = 20;

    /// <summary>Messages one receive asks for; they wait in the worker for a free slot (SQS allows at most ten).</summary>
    [Range(1, 10)]
    public int MaxMessages { get; set; } = 10;

    /// <summary>
    /// Messages processed at once. Imaging is CPU-bound and libvips already uses threads, so a few more than the cores
    /// keep the CPU busy while other photos wait on storage (docs/benchmarks.md has the measurements).
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long a handled message's delete waits for others to go in the same request (<see cref="BatchedDeletes"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan DeleteBatchWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a failed message stays invisible before its next attempt (times the attempt number).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:15:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the dead-letter queue's depth is read for its gauge.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeadLetterPollInterval { get; set; } = TimeSpan.FromSeconds(60);
}
