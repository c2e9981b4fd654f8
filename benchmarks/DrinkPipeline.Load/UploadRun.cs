using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DrinkPipeline.Contracts;

namespace DrinkPipeline.Load;

/// <summary>
/// N uploads by C clients, each as a browser does it: presign through the API, post the form to storage. A single
/// follower then walks the uploads in order and reads each one's status (the worker is roughly FIFO, so this costs
/// about one request per upload instead of a polling storm that would load the emulator it measures). Ready latency
/// is the API's own <c>updatedAt</c> (the ready time, same machine clock) minus the moment the post to storage returned.
/// </summary>
public sealed class UploadRun(LoadOptions options, HttpClient api, HttpClient storage, IReadOnlyList<byte[]> photos)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string BarName { get; } = $"Load {DateTime.UtcNow:yyyyMMdd-HHmmss}";

    public Samples Presign { get; } = new();

    public Samples Upload { get; } = new();

    public Samples CompleteToReady { get; } = new();

    public ConcurrentDictionary<string, string> Outcomes { get; } = new();

    public int SendFailures => sendFailures;

    public TimeSpan Elapsed { get; private set; }

    public List<(string UploadId, string Drink)> Sent { get; } = [];

    private readonly ConcurrentDictionary<string, DateTimeOffset> completedAt = new();
    private readonly BlockingCollection<string> followQueue = [];
    private int sendFailures;

    public static string DrinkName(int index) => $"Drink {index:D5}";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var follower = Task.Run(() => FollowAsync(cancellationToken), cancellationToken);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < options.Uploads; i = Interlocked.Increment(ref next))
            {
                if (options.RatePerSecond is { } rate)
                {
                    var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, cancellationToken);
                    }
                }

                await SendAsync(i, cancellationToken);
            }
        }));
        followQueue.CompleteAdding();
        await follower;
        Elapsed = clock.Elapsed;
    }

    private async Task SendAsync(int index, CancellationToken cancellationToken)
    {
        var photo = photos[index % photos.Count];
        var drink = DrinkName(index);
        try
        {
            var started = Stopwatch.GetTimestamp();
            using var presign = await api.PostAsJsonAsync("/api/uploads",
                new { barName = BarName, drinkName = drink, fileName = "photo.jpg", contentType = "image/jpeg", contentLength = photo.Length }, Json, cancellationToken);
            presign.EnsureSuccessStatusCode();
            var ticket = (await presign.Content.ReadFromJsonAsync<Ticket>(Json, cancellationToken))!;
            Presign.Add(Stopwatch.GetElapsedTime(started));

            started = Stopwatch.GetTimestamp();
            using var form = new MultipartFormDataContent();
            foreach (var (name, value) in ticket.Fields)
            {
                form.Add(new StringContent(value), name);
            }

            var file = new ByteArrayContent(photo);
            file.Headers.ContentType = new("image/jpeg");
            form.Add(file, "file", "photo.jpg");
            using var posted = await storage.PostAsync(ticket.Url, form, cancellationToken);
            posted.EnsureSuccessStatusCode();
            Upload.Add(Stopwatch.GetElapsedTime(started));
            completedAt[ticket.UploadId] = DateTimeOffset.UtcNow;
            lock (Sent)
            {
                Sent.Add((ticket.UploadId, drink));
            }

            followQueue.Add(ticket.UploadId, cancellationToken);
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref sendFailures);
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var uploadId in followQueue.GetConsumingEnumerable(cancellationToken))
        {
            while (true)
            {
                var status = await api.GetFromJsonAsync<UploadState>($"/api/uploads/{uploadId}", Json, cancellationToken);
                if (status!.Status != "pending")
                {
                    Outcomes[uploadId] = status.Status;
                    if (status.Status == "ready")
                    {
                        CompleteToReady.Add(status.UpdatedAt - completedAt[uploadId]);
                        readyTimes.Add(status.UpdatedAt);
                    }

                    break;
                }

                if (deadline.Elapsed > options.TimeLimit)
                {
                    Outcomes[uploadId] = "lost";
                    break;
                }

                // Slow enough not to load the emulator it measures (the ready time comes from the API, not from this poll).
                await Task.Delay(250, cancellationToken);
            }
        }
    }

    private readonly ConcurrentBag<DateTimeOffset> readyTimes = [];

    /// <summary>
    /// Photos a second among the first and the last <paramref name="count"/> to become ready (by their ready times), to
    /// see whether the pipeline slows as the emulator fills; null for runs too small to have both.
    /// </summary>
    public (double First, double Last)? ReadyRateAtEnds(int count)
    {
        var times = readyTimes.Order().ToList();
        if (times.Count < 2 * count)
        {
            return null;
        }

        static double Rate(IReadOnlyList<DateTimeOffset> span) => (span.Count - 1) / Math.Max(0.001, (span[^1] - span[0]).TotalSeconds);
        return (Rate(times[..count]), Rate(times[^count..]));
    }

    /// <summary>The run's photos per second: first presign to last ready.</summary>
    public double ReadyPerSecond => Outcomes.Values.Count(outcome => outcome == "ready") / Elapsed.TotalSeconds;

    /// <summary>Each sent photo found by search as its drink's photo, counted once.</summary>
    public async Task<(int Found, int Missing, int Duplicated)> VerifyAsync(CancellationToken cancellationToken)
    {
        int found = 0, missing = 0, duplicated = 0;
        foreach (var (uploadId, drink) in Sent)
        {
            using var response = await api.GetAsync($"/api/bars/{PathSegments.Encode(BarName)}/drinks/{PathSegments.Encode(drink)}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                missing++;
                continue;
            }

            var photo = (await response.Content.ReadFromJsonAsync<Drink>(Json, cancellationToken))!;
            if (photo.UploadId != uploadId)
            {
                missing++;
            }
            else if (photo.PhotoCount != 1)
            {
                duplicated++;
            }
            else
            {
                found++;
            }
        }

        return (found, missing, duplicated);
    }

    private sealed record Ticket(string UploadId, string Url, Dictionary<string, string> Fields);

    private sealed record UploadState(string Status, DateTimeOffset UpdatedAt, string? Reason);

    private sealed record Drink(string UploadId, int PhotoCount);
}
