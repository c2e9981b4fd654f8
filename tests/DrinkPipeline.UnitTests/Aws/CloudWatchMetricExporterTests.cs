using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using DrinkPipeline.Aws;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace DrinkPipeline.UnitTests.Aws;

public class CloudWatchMetricExporterTests
{
    [Fact]
    public async Task CountersAndHistogramsBecomeOneSignedPutMetricDataCall()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var authorization = context.Request.Headers["Authorization"];
            context.Response.StatusCode = 200;
            context.Response.Close();
            return (Body: WebUtility.UrlDecode(body), Authorization: authorization);
        });
        using var meter = new Meter("CloudWatchMetricExporterTests.Ok");
        using var provider = Provider(meter, new Uri($"http://127.0.0.1:{port}/"));
        meter.CreateCounter<long>("drinkpipeline.test.count").Add(3, new KeyValuePair<string, object?>("reason", "empty"));
        meter.CreateHistogram<double>("drinkpipeline.test.duration", "s").Record(0.25);

        Assert.True(provider.ForceFlush(10_000));

        var (body, authorization) = await received.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.StartsWith("Action=PutMetricData&Version=2010-08-01&Namespace=DrinkPipeline&", body);
        Assert.Contains("MetricName=drinkpipeline.test.count&MetricData.member.1.Unit=Count&MetricData.member.1.Value=3&MetricData.member.1.Dimensions.member.1.Name=reason&MetricData.member.1.Dimensions.member.1.Value=empty", body);
        Assert.Contains("MetricData.member.2.MetricName=drinkpipeline.test.count&MetricData.member.2.Unit=Count&MetricData.member.2.Value=3&", body);
        Assert.Contains("MetricName=drinkpipeline.test.duration&MetricData.member.3.Unit=Seconds&MetricData.member.3.StatisticValues.SampleCount=1&MetricData.member.3.StatisticValues.Sum=0.25", body);
        Assert.Contains("/us-east-1/monitoring/aws4_request", authorization);
    }

    [Fact]
    public void AnUnreachableCloudWatchOnlyFailsTheExport()
    {
        using var meter = new Meter("CloudWatchMetricExporterTests.Down");
        using var provider = Provider(meter, new Uri($"http://127.0.0.1:{FreePort()}/"));
        meter.CreateCounter<long>("drinkpipeline.test.count").Add(1);

        Assert.False(provider.ForceFlush(10_000));
    }

    private static MeterProvider Provider(Meter meter, Uri endpoint)
    {
        var exporter = new CloudWatchMetricExporter(
            meter.Name,
            new CloudWatchOptions { Timeout = TimeSpan.FromSeconds(5) },
            "us-east-1",
            endpoint,
            () => new ImmutableCredentials("test", "test", null));
        return Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddReader(new PeriodicExportingMetricReader(exporter, 600_000) { TemporalityPreference = MetricReaderTemporalityPreference.Delta })
            .Build()!;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
