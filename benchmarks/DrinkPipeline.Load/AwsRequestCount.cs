using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace DrinkPipeline.Load;

/// <summary>
/// The services' own count of AWS requests (<c>drinkpipeline.aws.attempts</c>, by app, service, operation and outcome),
/// read back from the emulator's CloudWatch with the aws CLI (AWSSDK.CloudWatch is not available here). The services
/// publish every <paramref name="publishInterval"/> (a minute by default), so the count is read again, a whole interval
/// apart, until the per-photo operations stop moving (health checks, the dead-letter gauge and empty long polls go on
/// for ever). Shared with the integration tests' request budget.
/// </summary>
public sealed class AwsRequestCount(Uri emulator, TimeSpan publishInterval)
{
    private const string Metric = "drinkpipeline.aws.attempts";

    public async Task<IReadOnlyList<(string App, string Service, string Operation, double Requests)>> SinceAsync(DateTime start, CancellationToken cancellationToken)
    {
        var previous = -1.0;
        IReadOnlyList<(string, string, string, double)> rows = [];
        for (var attempt = 0; attempt < 8; attempt++)
        {
            await Task.Delay(attempt == 0 ? TimeSpan.FromSeconds(Math.Min(5, publishInterval.TotalSeconds)) : publishInterval + TimeSpan.FromSeconds(2), cancellationToken);
            rows = await ReadAsync(start, cancellationToken);
            var total = rows.Where(row => IsPerPhoto(row.Item3)).Sum(row => row.Item4);
            if (total == previous && total > 0)
            {
                break;
            }

            previous = total;
        }

        return rows;
    }

    /// <summary>Health checks (DescribeTable) and the dead-letter gauge's queue read run on timers, not per photo.</summary>
    public static bool IsPerPhoto(string operation) => operation is not ("DescribeTable" or "GetQueueAttributes");

    private async Task<IReadOnlyList<(string, string, string, double)>> ReadAsync(DateTime start, CancellationToken cancellationToken)
    {
        using var listed = JsonDocument.Parse(await AwsAsync(cancellationToken, "cloudwatch", "list-metrics", "--namespace", "DrinkPipeline", "--metric-name", Metric));
        var totals = new Dictionary<(string, string, string), double>();
        // The emulator lists a metric once per time it was published, not once per dimension set.
        var dimensionSets = listed.RootElement.GetProperty("Metrics").EnumerateArray()
            .Select(metric => metric.GetProperty("Dimensions").EnumerateArray()
                .ToDictionary(d => d.GetProperty("Name").GetString()!, d => d.GetProperty("Value").GetString()!))
            .DistinctBy(dimensions => string.Join('|', dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}")));
        foreach (var dimensions in dimensionSets)
        {
            if (!dimensions.TryGetValue("app", out var app) || !dimensions.TryGetValue("operation", out var operation))
            {
                continue; // the total without dimensions, or data from before operations were tagged
            }

            var arguments = new List<string>
            {
                "cloudwatch", "get-metric-statistics", "--namespace", "DrinkPipeline", "--metric-name", Metric,
                "--statistics", "Sum", "--period", "60",
                "--start-time", start.ToString("o", CultureInfo.InvariantCulture),
                "--end-time", DateTime.UtcNow.AddMinutes(2).ToString("o", CultureInfo.InvariantCulture),
                "--dimensions",
            };
            arguments.AddRange(dimensions.Select(d => $"Name={d.Key},Value={d.Value}"));
            using var statistics = JsonDocument.Parse(await AwsAsync(cancellationToken, [.. arguments]));
            var sum = statistics.RootElement.GetProperty("Datapoints").EnumerateArray().Sum(point => point.GetProperty("Sum").GetDouble());
            var key = (app, dimensions.GetValueOrDefault("service", "?"), operation);
            totals[key] = totals.GetValueOrDefault(key) + sum;
        }

        return [.. totals.Where(total => total.Value > 0).Select(total => (total.Key.Item1, total.Key.Item2, total.Key.Item3, total.Value)).OrderBy(row => row.Item1).ThenByDescending(row => row.Item4)];
    }

    private async Task<string> AwsAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("aws") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments.Concat(["--endpoint-url", emulator.ToString(), "--region", "us-east-1", "--output", "json"]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("aws could not be started.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"aws {string.Join(' ', arguments)}: {await process.StandardError.ReadToEndAsync(cancellationToken)}");
    }
}
