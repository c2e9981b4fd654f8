using System.Globalization;
using System.Net.Http.Headers;
using Amazon.Runtime;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Metric = OpenTelemetry.Metrics.Metric;

namespace DrinkPipeline.Aws;

/// <summary>
/// Publishes the pipeline's own meter to CloudWatch with PutMetricData (AWSSDK.CloudWatch is not available here, so
/// the Query API is signed with <see cref="SigV4"/>). Counters are sent as deltas, histograms as statistic sets; each
/// datum goes once without dimensions (what the template's alarms watch) and once with its tags as dimensions.
/// Runs on the metric reader's own thread: failures are logged by OpenTelemetry and the next interval tries again.
/// </summary>
public sealed class CloudWatchMetricExporter(
    string meterName,
    CloudWatchOptions options,
    string region,
    Uri endpoint,
    Func<ImmutableCredentials> credentials) : BaseExporter<Metric>
{
    private const int MaxDatumsPerCall = 500;
    private readonly HttpClient http = new() { Timeout = options.Timeout };

    public static Uri EndpointFor(string region, string? serviceUrl) =>
        serviceUrl is { Length: > 0 } ? new Uri(serviceUrl.TrimEnd('/') + "/") : new Uri($"https://monitoring.{region}.amazonaws.com/");

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var datums = new List<Datum>();
        foreach (var metric in batch)
        {
            if (metric.MeterName == meterName)
            {
                datums.AddRange(ToDatums(metric));
            }
        }

        try
        {
            foreach (var chunk in datums.Chunk(MaxDatumsPerCall))
            {
                Send(chunk);
            }

            return ExportResult.Success;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or AmazonClientException)
        {
            return ExportResult.Failure;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            http.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Send(Datum[] datums)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("Namespace", options.Namespace) };
        for (var i = 0; i < datums.Length; i++)
        {
            parameters.AddRange(datums[i].ToQuery($"MetricData.member.{i + 1}."));
        }

        var body = SigV4.QueryBody("PutMetricData", "2010-08-01", parameters);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(SigV4.QueryContentType);
        SigV4.SignPost(request, body, SigV4.QueryContentType, credentials(), region, "monitoring", DateTime.UtcNow);
        using var response = http.Send(request);
        response.EnsureSuccessStatusCode();
    }

    private static List<Datum> ToDatums(Metric metric)
    {
        var datums = new List<Datum>();
        var unit = metric.Unit switch
        {
            "s" => "Seconds",
            "ms" => "Milliseconds",
            "By" => "Bytes",
            _ => "Count",
        };
        Datum? total = null;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var dimensions = new List<KeyValuePair<string, string>>();
            foreach (var tag in point.Tags)
            {
                dimensions.Add(KeyValuePair.Create(tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
            }

            var datum = metric.MetricType switch
            {
                MetricType.LongSum or MetricType.LongSumNonMonotonic => Datum.Value(metric.Name, unit, point.GetSumLong()),
                MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => Datum.Value(metric.Name, unit, point.GetSumDouble()),
                MetricType.LongGauge => Datum.Value(metric.Name, unit, point.GetGaugeLastValueLong()),
                MetricType.DoubleGauge => Datum.Value(metric.Name, unit, point.GetGaugeLastValueDouble()),
                MetricType.Histogram => point.TryGetHistogramMinMaxValues(out var min, out var max)
                    ? Datum.Statistics(metric.Name, unit, point.GetHistogramCount(), point.GetHistogramSum(), min, max)
                    : null,
                _ => null,
            };
            // A counter that did not move or a histogram with no samples says nothing; a gauge's zero does.
            var isGauge = metric.MetricType is MetricType.LongGauge or MetricType.DoubleGauge;
            if (datum is null || (datum.IsEmpty && !isGauge))
            {
                continue;
            }

            if (dimensions.Count > 0)
            {
                datums.Add(datum with { Dimensions = dimensions });
            }

            total = total is null ? datum : total.Combine(datum);
        }

        if (total is not null)
        {
            datums.Add(total);
        }

        return datums;
    }

    private sealed record Datum(string Name, string Unit, double? Single, double Count, double Sum, double Min, double Max)
    {
        public IReadOnlyList<KeyValuePair<string, string>> Dimensions { get; init; } = [];

        public bool IsEmpty => Single is 0 || (Single is null && Count == 0);

        public static Datum Value(string name, string unit, double value) => new(name, unit, value, 0, 0, 0, 0);

        public static Datum Statistics(string name, string unit, long count, double sum, double min, double max) =>
            new(name, unit, null, count, sum, min, max);

        /// <summary>Adds another tag set's point: counts, sums and gauges add up; minimum and maximum widen.</summary>
        public Datum Combine(Datum other) => Single is { } value
            ? this with { Single = value + (other.Single ?? 0) }
            : this with { Count = Count + other.Count, Sum = Sum + other.Sum, Min = Math.Min(Min, other.Min), Max = Math.Max(Max, other.Max) };

        public IEnumerable<KeyValuePair<string, string>> ToQuery(string prefix)
        {
            yield return new($"{prefix}MetricName", Name);
            yield return new($"{prefix}Unit", Unit);
            if (Single is { } value)
            {
                yield return new($"{prefix}Value", value.ToString("R", CultureInfo.InvariantCulture));
            }
            else
            {
                yield return new($"{prefix}StatisticValues.SampleCount", Count.ToString("R", CultureInfo.InvariantCulture));
                yield return new($"{prefix}StatisticValues.Sum", Sum.ToString("R", CultureInfo.InvariantCulture));
                yield return new($"{prefix}StatisticValues.Minimum", Min.ToString("R", CultureInfo.InvariantCulture));
                yield return new($"{prefix}StatisticValues.Maximum", Max.ToString("R", CultureInfo.InvariantCulture));
            }

            for (var i = 0; i < Dimensions.Count; i++)
            {
                yield return new($"{prefix}Dimensions.member.{i + 1}.Name", Dimensions[i].Key);
                yield return new($"{prefix}Dimensions.member.{i + 1}.Value", Dimensions[i].Value);
            }
        }
    }
}
