using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using DrinkPipeline.Contracts;
using DrinkPipeline.Load;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception exception) when (exception is ArgumentException or FormatException)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

using var timeLimit = new CancellationTokenSource(options.TimeLimit + TimeSpan.FromMinutes(2));
var cancellationToken = timeLimit.Token;
var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
using var api = new HttpClient(handler, disposeHandler: false) { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(60) };
using var storage = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) };
using var emulator = new Emulator(options.Emulator);
var photos = TestPhotos.Make(8);
var probes = new List<Probe.Result>();

Console.WriteLine($"# DrinkPipeline load run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
Console.WriteLine($"Uploads {options.Uploads} x {options.Concurrency} clients{(options.RatePerSecond is { } r ? $" at {r}/s" : "")}; photos 800x600 JPEG, {photos.Average(p => p.Length) / 1024:F0} KiB average");
Console.WriteLine();

// 1. The emulator's raw rates, on scratch resources, with the same concurrency.
var scratch = $"load-probe-{Guid.NewGuid():N}"[..24];
await emulator.S3.PutBucketAsync(scratch, cancellationToken);
var queueUrl = (await emulator.Sqs.CreateQueueAsync(scratch, cancellationToken)).QueueUrl;
await emulator.Dynamo.CreateTableAsync(new CreateTableRequest
{
    TableName = scratch,
    BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
    AttributeDefinitions = [new("Id", "S")],
    KeySchema = [new("Id", Amazon.DynamoDBv2.KeyType.HASH)],
}, cancellationToken);
probes.Add(await Probe.RunAsync("Emulator S3 PutObject (800x600 JPEG)", options.ProbeOperations, options.Concurrency, i =>
    emulator.S3.PutObjectAsync(new PutObjectRequest { BucketName = scratch, Key = $"p/{i}.jpg", InputStream = new MemoryStream(photos[i % photos.Count]) }, cancellationToken)));
probes.Add(await Probe.RunAsync("Emulator SQS SendMessage", options.ProbeOperations, options.Concurrency, i =>
    emulator.Sqs.SendMessageAsync(queueUrl, $"probe {i}", cancellationToken)));
probes.Add(await Probe.RunAsync("Emulator DynamoDB PutItem", options.ProbeOperations, options.Concurrency, i =>
    emulator.Dynamo.PutItemAsync(scratch, new() { ["Id"] = new() { S = i.ToString(CultureInfo.InvariantCulture) } }, cancellationToken)));

// 2. Presign against a bare Kestrel endpoint taking the same JSON, same client, same concurrency.
var bare = WebApplication.CreateSlimBuilder();
bare.Logging.ClearProviders();
bare.WebHost.UseUrls("http://127.0.0.1:0");
await using var baseline = bare.Build();
baseline.MapPost("/echo", (UploadShape body) => Results.Json(new { body.BarName, uploadId = Guid.NewGuid() }, statusCode: 201));
await baseline.StartAsync(cancellationToken);
var baselineUrl = baseline.Urls.First();
var presignBody = new UploadShape("Load probe", "Probe", "photo.jpg", "image/jpeg", photos[0].Length);
probes.Add(await Probe.RunAsync("Bare Kestrel POST (baseline)", options.ProbeOperations, options.Concurrency, async _ =>
    (await api.PostAsJsonAsync($"{baselineUrl}/echo", presignBody, cancellationToken)).EnsureSuccessStatusCode().Dispose()));
probes.Add(await Probe.RunAsync("API POST /api/uploads (presign)", options.ProbeOperations, options.Concurrency, async _ =>
    (await api.PostAsJsonAsync("/api/uploads", presignBody, cancellationToken)).EnsureSuccessStatusCode().Dispose()));

// 3. The pipeline, with the CPU each part of the app used during it.
var run = new UploadRun(options, api, storage, photos);
if (options.CountAwsRequests)
{
    // The services publish request counts every minute: let the probes' requests go out before the counted window.
    Console.WriteLine("Waiting 65 s for the services to publish the probes' requests before the counted run.");
    await Task.Delay(TimeSpan.FromSeconds(65), cancellationToken);
}

var runStart = DateTime.UtcNow;
var cpuBefore = ProcessCpu.Snapshot();
var machineBefore = ProcessCpu.Machine();
await run.RunAsync(cancellationToken);
var cpuUsed = ProcessCpu.Between(cpuBefore, ProcessCpu.Snapshot()).ToList();
var machineAfter = ProcessCpu.Machine();
// Counted now, before the lookups and the verification below add requests of their own.
var requests = options.CountAwsRequests ? await new AwsRequestCount(options.Emulator, TimeSpan.FromMinutes(1)).SinceAsync(runStart, cancellationToken) : [];

// 4. Lookup against a raw GetItem of the same item.
var drinksTable = (await emulator.Dynamo.ListTablesAsync(cancellationToken)).TableNames.Single(name => name.EndsWith("-drinks", StringComparison.Ordinal));
var key = new Dictionary<string, AttributeValue>
{
    ["BarName"] = new() { S = NameRules.IdentityKey(run.BarName) },
    ["DrinkName"] = new() { S = NameRules.IdentityKey(UploadRun.DrinkName(0)) },
};
var lookupPath = $"/api/bars/{PathSegments.Encode(run.BarName)}/drinks/{PathSegments.Encode(UploadRun.DrinkName(0))}";
probes.Add(await Probe.RunAsync("Raw SDK GetItem (baseline)", options.ProbeOperations, options.Concurrency, _ =>
    emulator.Dynamo.GetItemAsync(drinksTable, key, cancellationToken)));
probes.Add(await Probe.RunAsync("API GET drink (lookup + 3 presigned GETs)", options.ProbeOperations, options.Concurrency, async _ =>
    (await api.GetAsync(lookupPath, cancellationToken)).EnsureSuccessStatusCode().Dispose()));

var (found, missing, duplicated) = await run.VerifyAsync(cancellationToken);

await emulator.Dynamo.DeleteTableAsync(scratch, cancellationToken);
await emulator.Sqs.DeleteQueueAsync(queueUrl, cancellationToken);

Console.WriteLine("| Operation | ops | failed | ops/s | p50 ms | p95 ms | p99 ms |");
Console.WriteLine("|---|---|---|---|---|---|---|");
foreach (var probe in probes)
{
    Console.WriteLine($"| {probe.Name} | {probe.Operations} | {probe.Failures} | {probe.PerSecond:F1} | {probe.Latency.Percentile(50):F1} | {probe.Latency.Percentile(95):F1} | {probe.Latency.Percentile(99):F1} |");
}

Console.WriteLine();
Console.WriteLine("| Pipeline step | n | p50 ms | p95 ms | p99 ms |");
Console.WriteLine("|---|---|---|---|---|");
Console.WriteLine($"| Presign | {run.Presign.Count} | {run.Presign.Percentile(50):F1} | {run.Presign.Percentile(95):F1} | {run.Presign.Percentile(99):F1} |");
Console.WriteLine($"| Upload to storage | {run.Upload.Count} | {run.Upload.Percentile(50):F1} | {run.Upload.Percentile(95):F1} | {run.Upload.Percentile(99):F1} |");
Console.WriteLine($"| Upload complete -> ready | {run.CompleteToReady.Count} | {run.CompleteToReady.Percentile(50):F1} | {run.CompleteToReady.Percentile(95):F1} | {run.CompleteToReady.Percentile(99):F1} |");
Console.WriteLine();
var outcomes = run.Outcomes.Values.GroupBy(outcome => outcome).ToDictionary(group => group.Key, group => group.Count());
Console.WriteLine($"Sent {run.Sent.Count}/{options.Uploads} (send failures {run.SendFailures}); outcomes: {string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))}");
Console.WriteLine($"Ready per second: {run.ReadyPerSecond:F2} over {run.Elapsed.TotalSeconds:F1} s");
if (run.ReadyRateAtEnds(100) is { } ends)
{
    Console.WriteLine($"Ready per second, first 100 vs last 100: {ends.First:F2} vs {ends.Last:F2} ({ends.Last / ends.First:P0})");
}
Console.WriteLine($"Verified by search: found {found}, lost {missing + run.SendFailures}, duplicated {duplicated}");
var s3Rate = probes[0].PerSecond;

// Counted along the code path (and measured with --aws-requests on): presign transaction, form post, receive (shared
// by a batch), GET, upload record read, content-hash query, 2 derivative puts, 2 transactions (photo + count + bar;
// lookup + ready), delete message, and this tool's status read (about one).
const int EmulatorCallsPerPhoto = 12;
Console.WriteLine($"Pipeline vs emulator: {run.ReadyPerSecond:F2} photos/s x {EmulatorCallsPerPhoto} emulator calls = {run.ReadyPerSecond * EmulatorCallsPerPhoto:F0} calls/s, against raw rates of {s3Rate:F0} (S3 put), {probes[1].PerSecond:F0} (SQS send), {probes[2].PerSecond:F0} (DynamoDB put) per second");
Console.WriteLine($"Ratios: presign / bare Kestrel p50 = {probes[4].Latency.Percentile(50) / probes[3].Latency.Percentile(50):F1}x; lookup / raw GetItem p50 = {probes[^1].Latency.Percentile(50) / probes[^2].Latency.Percentile(50):F1}x");

var ready = run.Outcomes.Values.Count(outcome => outcome == "ready");
Console.WriteLine();
Console.WriteLine($"| Process (during the {run.Elapsed.TotalSeconds:F0} s run) | processes | CPU s | share of one core | CPU ms per ready photo | RSS MB at end |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var (role, processes, cpuSeconds, rss) in cpuUsed)
{
    Console.WriteLine($"| {role} | {processes} | {cpuSeconds:F1} | {cpuSeconds / run.Elapsed.TotalSeconds:P0} | {1000 * cpuSeconds / Math.Max(1, ready):F0} | {rss / 1048576.0:F0} |");
}

var busy = machineAfter.Busy - machineBefore.Busy;
var capacity = machineAfter.Total - machineBefore.Total;
Console.WriteLine($"Machine: {busy:F1} of {capacity:F1} CPU seconds busy ({busy / Math.Max(1, capacity):P0} of {Environment.ProcessorCount} cores)");

if (options.CountAwsRequests)
{
    Console.WriteLine();
    Console.WriteLine($"| App | AWS service | Operation | requests | per ready photo ({ready}) |");
    Console.WriteLine("|---|---|---|---:|---:|");
    foreach (var (app, service, operation, count) in requests)
    {
        Console.WriteLine($"| {app} | {service} | {operation} | {count:F0} | {count / Math.Max(1, ready):F2} |");
    }

    // The gauge's lease renewal (one UpdateItem a minute per worker) cannot be told apart from a photo's updates, and an
    // idle worker's empty long polls (one ReceiveMessage per 20 s) are counted as made.
    var perPhoto = requests.Where(row => AwsRequestCount.IsPerPhoto(row.Operation));
    Console.WriteLine($"Per ready photo, all: {requests.Sum(row => row.Requests) / Math.Max(1, ready):F2}; without health checks and gauge reads: {perPhoto.Sum(row => row.Requests) / Math.Max(1, ready):F2}");
}

return missing + duplicated + run.SendFailures == 0 ? 0 : 1;

internal sealed record UploadShape(string BarName, string DrinkName, string FileName, string ContentType, long ContentLength);
