using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;

namespace DrinkPipeline.IntegrationTests;

[Collection(AppCollection.Name)]
public class TracingTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task OneTraceCoversThePresignRequestAndTheWorkerThatProcessesTheUpload()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads")
        {
            Content = JsonContent.Create(new
            {
                barName = PipelineClient.Unique("Trace Bar"),
                drinkName = "Boulevardier",
                fileName = "b.png",
                contentType = "image/png",
                contentLength = TestImages.Png.Length,
            }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await Fixture.Api.SendAsync(request, Token);
        var ticket = (await response.Content.ReadFromJsonAsync<UploadTicket>(PipelineClient.Json, Token))!;
        await PipelineClient.PostToStorageAsync(ticket, TestImages.Png, "image/png", Token);
        var status = await Client.WaitForOutcomeAsync(ticket.UploadId, Token);

        Assert.Equal("ready", status.Status);
        Assert.StartsWith($"00-{traceId}-", ticket.Fields["x-amz-meta-traceparent"]);
        var traceBytes = Convert.FromHexString(traceId.ToHexString());
        var workerSpan = Encoding.UTF8.GetBytes("process photo");
        var apiRoute = Encoding.UTF8.GetBytes("api/uploads");
        await WaitUntilAsync(() => Fixture.Telemetry.TracePayloads.Any(p => Contains(p, traceBytes) && Contains(p, workerSpan)),
            "No worker span was exported under the presign request's trace id.");
        await WaitUntilAsync(() => Fixture.Telemetry.TracePayloads.Any(p => Contains(p, traceBytes) && Contains(p, apiRoute) && !Contains(p, workerSpan)),
            "No API span was exported under the trace id.");
    }

    [Fact]
    public async Task PipelineMetricsAreExportedByTheApiAndTheWorker()
    {
        await Client.UploadAsync(PipelineClient.Unique("Metric Bar"), "Americano", TestImages.Png, "image/png", Token);

        foreach (var metric in new[]
        {
            "drinkpipeline.uploads.requested", "drinkpipeline.photos.processed", "drinkpipeline.photo.processing.duration",
            "drinkpipeline.queue.lag", "drinkpipeline.upload.latency", "drinkpipeline.dlq.depth",
            "http.server.request.duration", "http.client.request.duration", "dotnet.gc.collections", "dotnet.thread_pool.thread.count", "dotnet.process.memory.working_set",
        })
        {
            var name = Encoding.UTF8.GetBytes(metric);
            await WaitUntilAsync(() => Fixture.Telemetry.MetricPayloads.Any(p => Contains(p, name)), $"{metric} was never exported.");
        }
    }

    [Fact]
    public async Task PipelineMetricsReachTheEmulatorsCloudWatch()
    {
        await Client.UploadAsync(PipelineClient.Unique("Watch Bar"), "Manhattan", TestImages.Png, "image/png", Token);

        var names = new[] { "drinkpipeline.uploads.requested", "drinkpipeline.photos.processed", "drinkpipeline.upload.latency", "drinkpipeline.queue.lag", "drinkpipeline.dlq.depth" };
        var started = Stopwatch.StartNew();
        string listed;
        do
        {
            await Task.Delay(500, Token);
            listed = await AwsCli.RunAsync(Fixture, Token, "cloudwatch", "list-metrics", "--namespace", "DrinkPipeline", "--query", "Metrics[].MetricName", "--output", "text");
        }
        while (!names.All(listed.Contains) && started.Elapsed < TimeSpan.FromSeconds(30));

        Assert.All(names, name => Assert.Contains(name, listed));
    }

    private static Task WaitUntilAsync(Func<bool> condition, string failure) =>
        Eventually.TrueAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(30), failure, Token);

    private static bool Contains(byte[] payload, byte[] part) => payload.AsSpan().IndexOf(part) >= 0;
}
