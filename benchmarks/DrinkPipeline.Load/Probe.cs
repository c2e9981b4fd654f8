using System.Diagnostics;

namespace DrinkPipeline.Load;

/// <summary>A fixed number of one operation, run by a fixed number of concurrent callers.</summary>
public static class Probe
{
    public sealed record Result(string Name, int Operations, int Failures, TimeSpan Elapsed, Samples Latency)
    {
        public double PerSecond => (Operations - Failures) / Elapsed.TotalSeconds;
    }

    public static async Task<Result> RunAsync(string name, int operations, int concurrency, Func<int, Task> operation)
    {
        // Warm up connections and JIT before the clock starts; those calls are not counted.
        await Task.WhenAll(Enumerable.Range(operations, concurrency).Select(operation));

        var latency = new Samples();
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < operations; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await operation(i);
                    latency.Add(Stopwatch.GetElapsedTime(started));
                }
                catch (Exception exception) when (exception is HttpRequestException or Amazon.Runtime.AmazonServiceException or InvalidOperationException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        return new Result(name, operations, failures, clock.Elapsed, latency);
    }
}
