using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Web.UploadOutcomes;

/// <summary>The two endpoints: the worker's push in, the page's event stream out.</summary>
public static class UploadOutcomeEndpoints
{
    private const int MaxUploadsPerStream = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The outcome hub, this copy's place on the worker's list of listeners, and the push key.</summary>
    public static IServiceCollection AddUploadOutcomes(this IServiceCollection services)
    {
        services.AddValidatedOptions<OutcomePushOptions>(OutcomePushOptions.SectionName);
        services.AddSingleton<UploadOutcomeHub>();
        services.AddHostedService(provider => provider.GetRequiredService<UploadOutcomeHub>());
        services.AddHostedService<UploadOutcomeListener>();
        return services;
    }

    public static void MapUploadOutcomes(this WebApplication app)
    {
        app.MapPost(UploadOutcomeListeners.Path, Receive).DisableAntiforgery();
        app.MapGet("/upload-events", StreamAsync);
    }

    /// <summary>The worker's push. The key is checked before the body is read: nobody else makes this copy parse anything.</summary>
    private static async Task<IResult> Receive(HttpContext context, UploadOutcomeHub hub, IOptions<OutcomePushOptions> options)
    {
        if (options.Value.Key is not { Length: > 0 } key ||
            !CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(context.Request.Headers[UploadOutcomeListeners.KeyHeader].ToString()),
                Encoding.UTF8.GetBytes(key)))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only the worker pushes outcomes here.");
        }

        UploadOutcome[]? outcomes;
        try
        {
            outcomes = await context.Request.ReadFromJsonAsync<UploadOutcome[]>(Json, context.RequestAborted);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            outcomes = null;
        }

        if (outcomes is null || outcomes.Any(outcome => outcome?.UploadId is null))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is invalid.", detail: "Send a JSON array of {uploadId, status}.");
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
