using System.Collections.Concurrent;
using DrinkPipeline.Storage.Coordination;
using DrinkPipeline.Storage.Uploads;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Api;

/// <summary>A presign refused for the limit: the client's full window and the whole seconds until the next one.</summary>
public sealed record UploadRefusal(UploadWindow Window, int RetryAfterSeconds);

/// <summary>
/// The per-client upload limit, exact across every API copy: the count lives in the coordination table and is taken
/// in the same transaction that creates the upload record, so a presign stays one storage request.
/// </summary>
public sealed class UploadLimiter(UploadStore uploads, IOptions<RateLimitOptions> options, TimeProvider time)
{
    // Windows this copy has seen full. Until they end it refuses at once: a client hammering past its limit would
    // otherwise cost one failed transaction per request, every one on the same (hot) counter item.
    private readonly ConcurrentDictionary<string, DateTimeOffset> fullWindows = new();

    /// <summary>Creates the upload's record within its client's limit; null when created, else why not.</summary>
    public async Task<UploadRefusal?> TryCreateAsync(UploadRecord record, string client, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var now = time.GetUtcNow();
        var window = UploadWindow.At(client, now, limits.Window, limits.UploadsPerWindow);
        if (fullWindows.ContainsKey(window.CounterKey))
        {
            return new UploadRefusal(window, window.SecondsLeft(now));
        }

        if (await uploads.CreateWithinLimitAsync(record, window, cancellationToken))
        {
            return null;
        }

        foreach (var (key, end) in fullWindows)
        {
            if (end <= now)
            {
                fullWindows.TryRemove(key, out _);
            }
        }

        fullWindows[window.CounterKey] = window.End;
        return new UploadRefusal(window, window.SecondsLeft(now));
    }
}
