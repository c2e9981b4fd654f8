using System.Globalization;
using System.Net;

namespace DrinkPipeline.Load;

/// <summary>Command line: bounded in count, concurrency and time, and loopback targets only.</summary>
public sealed record LoadOptions(Uri Api, Uri Emulator, int Uploads, int Concurrency, double? RatePerSecond, TimeSpan TimeLimit, int ProbeOperations, bool CountAwsRequests)
{
    public const int MaxUploads = 10_000;
    public const int MaxConcurrency = 64;

    public const string Usage = """
        Usage: dotnet run -c Release --project benchmarks/DrinkPipeline.Load -- [options]
          --api URL          the API (default http://localhost:5180)
          --emulator URL     the AWS emulator (default http://127.0.0.1:4566)
          --uploads N        photos to upload (default 100, at most 10000)
          --concurrency C    concurrent clients (default 16, at most 64)
          --rate R           start at most R uploads per second in total (default: as fast as the clients go)
          --minutes M        give up after M minutes (default 20)
          --probe N          operations per emulator and baseline probe (default 300)
          --aws-requests on  afterwards, the services' AWS requests per photo by service and operation, from the
                             emulator's CloudWatch (waits up to ~4 minutes for the services' last metric export)
        Targets must be loopback addresses: this tool is for the local emulator, not for AWS.
        """;

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var options = new LoadOptions(
            Loopback(values.GetValueOrDefault("api", "http://localhost:5180")),
            Loopback(values.GetValueOrDefault("emulator", "http://127.0.0.1:4566")),
            Bounded(values.GetValueOrDefault("uploads", "100"), 1, MaxUploads, "uploads"),
            Bounded(values.GetValueOrDefault("concurrency", "16"), 1, MaxConcurrency, "concurrency"),
            values.TryGetValue("rate", out var rate) ? double.Parse(rate, CultureInfo.InvariantCulture) : null,
            TimeSpan.FromMinutes(Bounded(values.GetValueOrDefault("minutes", "20"), 1, 120, "minutes")),
            Bounded(values.GetValueOrDefault("probe", "300"), 10, 10_000, "probe"),
            values.GetValueOrDefault("aws-requests", "off") == "on");
        var unknown = values.Keys.Except(["api", "emulator", "uploads", "concurrency", "rate", "minutes", "probe", "aws-requests"]).ToList();
        return unknown.Count == 0 ? options : throw new ArgumentException($"Unknown option --{unknown[0]}.");
    }

    private static Uri Loopback(string value)
    {
        var uri = new Uri(value);
        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
        return loopback ? uri : throw new ArgumentException($"{value} is not a loopback address; the load tool only targets this machine.");
    }

    private static int Bounded(string value, int min, int max, string name)
    {
        var number = int.Parse(value, CultureInfo.InvariantCulture);
        return number >= min && number <= max ? number : throw new ArgumentException($"--{name} must be between {min} and {max}.");
    }
}
