using DrinkPipeline.Contracts;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Web;

/// <summary>
/// The upload page's waiting rows, in one place per web copy. Each open event stream subscribes to its uploads; a
/// subscriber is woken when the worker pushes an outcome for one of them (<see cref="Notify"/>) and, as a safety net,
/// every <see cref="RecheckInterval"/> (every second when nothing is pushed), so a push that never came costs
/// latency, not the outcome. A woken subscriber reads the status once through the API: one read per push, no poll.
/// </summary>
public sealed class UploadOutcomeHub(IOptions<OutcomePushOptions> options) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<string>, byte>> subscribers = new(StringComparer.Ordinal);

    public TimeSpan RecheckInterval => options.Value.Key is { Length: > 0 } ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1);

    /// <summary>Wakes <paramref name="wake"/> with an upload id whenever that upload may have changed; dispose to stop.</summary>
    public IDisposable Subscribe(IReadOnlyCollection<string> uploadIds, Channel<string> wake)
    {
        foreach (var uploadId in uploadIds)
        {
            subscribers.GetOrAdd(uploadId, _ => new()).TryAdd(wake, 0);
        }

        return new Subscription(this, uploadIds, wake);
    }

    public void Notify(string uploadId)
    {
        if (subscribers.TryGetValue(uploadId, out var channels))
        {
            foreach (var channel in channels.Keys)
            {
                channel.Writer.TryWrite(uploadId);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RecheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var uploadId in subscribers.Keys)
            {
                Notify(uploadId);
            }
        }
    }

    private sealed class Subscription(UploadOutcomeHub hub, IReadOnlyCollection<string> uploadIds, Channel<string> wake) : IDisposable
    {
        public void Dispose()
        {
            foreach (var uploadId in uploadIds)
            {
                if (hub.subscribers.TryGetValue(uploadId, out var channels) && channels.TryRemove(wake, out _) && channels.IsEmpty)
                {
                    hub.subscribers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Channel<string>, byte>>(uploadId, channels));
                }
            }
        }
    }
}

/// <summary>
/// Keeps this web copy on the worker's list of listeners (see <see cref="UploadOutcomeListeners"/>) while it runs, when a
/// push key is configured: an empty object named after its address, put again every ten seconds, deleted at stop.
/// </summary>
public sealed class UploadOutcomeListener(
    IAmazonS3 s3,
    IServer server,
    IConfiguration configuration,
    IOptions<OutcomePushOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<UploadOutcomeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Key is not { Length: > 0 } || configuration["AWS:Resources:BucketName"] is not { } bucket)
        {
            return;
        }

        // The addresses are known once the server listens.
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(stoppingToken);
        var self = OwnAddress();
        if (self is null)
        {
            logger.NoListenerAddress();
            return;
        }

        var key = UploadOutcomeListeners.KeyFor(self);
        logger.ListeningForOutcomes(self);
        try
        {
            using var timer = new PeriodicTimer(UploadOutcomeListeners.RenewEvery);
            do
            {
                try
                {
                    await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "" }, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Storage away (the emulator restarting, a network error): the worker stops pushing here until the
                    // next renewal and the pages' rechecks carry on meanwhile. Letting it escape would stop the host.
                    logger.ListenerNotRenewed(exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        try
        {
            await s3.DeleteObjectAsync(bucket, key, CancellationToken.None);
        }
        catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException or OperationCanceledException)
        {
            // It goes stale in thirty seconds all the same.
        }
    }

    /// <summary>Where the worker reaches this copy: its own listening address (a wildcard host becomes the machine's address).</summary>
    private Uri? OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(text => Uri.TryCreate(text.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(uri => uri?.Scheme == "http");
        if (address is null)
        {
            return null;
        }

        if (address.Host is "0.0.0.0" or "[::]")
        {
            var machine = Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(ip => ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
            return machine is null ? null : new UriBuilder(address) { Host = machine.ToString() }.Uri;
        }

        return address;
    }
}

/// <summary>The two endpoints: the worker's push in, the page's event stream out.</summary>
public static class UploadOutcomeEndpoints
{
    private const int MaxUploadsPerStream = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapUploadOutcomes(this WebApplication app)
    {
        app.MapPost(UploadOutcomeListeners.Path, Receive).DisableAntiforgery();
        app.MapGet("/upload-events", StreamAsync);
    }

    private static IResult Receive(HttpContext context, UploadOutcome[] outcomes, UploadOutcomeHub hub, IOptions<OutcomePushOptions> options)
    {
        if (options.Value.Key is not { Length: > 0 } key ||
            !CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(context.Request.Headers[UploadOutcomeListeners.KeyHeader].ToString()),
                Encoding.UTF8.GetBytes(key)))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the worker pushes outcomes here.");
        }

        foreach (var outcome in outcomes)
        {
            hub.Notify(outcome.UploadId);
        }

        return Results.NoContent();
    }

    /// <summary>
    /// Server-sent events for the uploads in <c>ids</c> (comma-separated): one <c>outcome</c> event with the status as
    /// JSON when each is ready, rejected or failed, then the stream ends. Each upload's status is read once at the start
    /// (it may have finished before the page asked) and again only when it may have changed.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, string? ids, UploadOutcomeHub hub, DrinkApiClient api, CancellationToken cancellationToken)
    {
        var waiting = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Where(ObjectKeys.IsUploadId).Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        if (waiting.Count is 0 or > MaxUploadsPerStream)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The upload ids are invalid.",
                detail: $"Give 1 to {MaxUploadsPerStream} upload ids, comma-separated.").ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var wake = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = hub.Subscribe([.. waiting], wake);
        foreach (var uploadId in waiting)
        {
            wake.Writer.TryWrite(uploadId);
        }

        // Sent at once, so the page knows the stream is up before any outcome.
        await context.Response.WriteAsync(": waiting\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
        try
        {
            while (waiting.Count > 0 && await wake.Reader.WaitToReadAsync(cancellationToken))
            {
                while (wake.Reader.TryRead(out var uploadId))
                {
                    if (!waiting.Contains(uploadId))
                    {
                        continue;
                    }

                    var result = await api.GetUploadAsync(uploadId, cancellationToken);
                    if (result.Value is { Status: not UploadStatus.Pending } || result.Problem is { Status: StatusCodes.Status404NotFound })
                    {
                        waiting.Remove(uploadId);
                        var payload = result.Value is { } status ? JsonSerializer.Serialize(status, Json) : JsonSerializer.Serialize(result.Problem, Json);
                        await context.Response.WriteAsync($"id: {uploadId}\nevent: {(result.Value is null ? "problem" : "outcome")}\ndata: {payload}\n\n", cancellationToken);
                        await context.Response.Body.FlushAsync(cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away.
        }
    }
}
