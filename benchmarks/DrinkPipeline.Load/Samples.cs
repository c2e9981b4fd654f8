namespace DrinkPipeline.Load;

/// <summary>Latency samples in milliseconds; percentiles by nearest rank.</summary>
public sealed class Samples
{
    private readonly List<double> values = [];

    public int Count
    {
        get
        {
            lock (values)
            {
                return values.Count;
            }
        }
    }

    public void Add(TimeSpan elapsed)
    {
        lock (values)
        {
            values.Add(elapsed.TotalMilliseconds);
        }
    }

    public double Percentile(double percentile)
    {
        lock (values)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }

            var sorted = values.Order().ToList();
            var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
        }
    }
}
