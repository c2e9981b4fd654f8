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
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The outcome hub, this copy's place on the worker's list of listeners, and the push key.</summary>
    public static IServiceCollection AddUploadOutcomes(this IServiceCollection services)
    {
        services.AddValidatedOptions<OutcomePushOptions>(OutcomePushOptions.SectionName);
        services.AddValidatedOptions<UploadEventsOptions>(UploadEventsOptions.SectionName);
        services.AddSingleton<StreamAdmission>();
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
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", "Only the worker pushes outcomes here.");
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
            return Problem(StatusCodes.Status400BadRequest, "The request is invalid.", "Send a JSON array of {uploadId, status}.");
        }

        foreach (var outcome in outcomes)
        {
            hub.Notify(outcome.UploadId);
        }

        return Results.NoContent();
    }

    /// <summary>
    /// Server-sent events for the uploads named by the watch tokens in <c>watch</c> (comma-separated; see
    /// <see cref="UploadWatchTokens"/>): one <c>outcome</c> event (<see cref="UploadWatchEvent"/>) as each ends, then
    /// the stream ends; it also ends after <see cref="UploadEventsOptions.MaxLifetime"/>. An id without its token is a
    /// 403; a client with all of its streams open gets a 429.
    /// </summary>
    private static async Task StreamAsync(
        HttpContext context,
        string? watch,
        UploadOutcomeHub hub,
        UploadWatchTokens tokens,
        StreamAdmission admission,
        IOptions<UploadEventsOptions> options,
        CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var presented = (watch ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (presented.Length is 0 || presented.Length > limits.UploadsPerStream)
        {
            await Problem(StatusCodes.Status400BadRequest, "The watch tokens are invalid.",
                $"Give 1 to {limits.UploadsPerStream} watch tokens, comma-separated, as the upload form gave them.").ExecuteAsync(context);
            return;
        }

        var uploadIds = presented.Select(tokens.Verify).ToList();
        if (uploadIds.Contains(null))
        {
            await Problem(StatusCodes.Status403Forbidden, "Forbidden",
                UploadWatchTokens.Refusal).ExecuteAsync(context);
            return;
        }

        using var place = admission.TryAdmit(context.Connection.RemoteIpAddress?.ToString() ?? "");
        if (place is null)
        {
            context.Response.Headers.RetryAfter = "5";
            await Problem(StatusCodes.Status429TooManyRequests, "Too many event streams.",
                $"At most {limits.StreamsPerClient} upload event streams at a time from one address.").ExecuteAsync(context);
            return;
        }

        var waiting = uploadIds.OfType<string>().ToHashSet(StringComparer.Ordinal);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var outcomes = Channel.CreateUnbounded<WatchedOutcome>(new UnboundedChannelOptions { SingleReader = true });
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lifetime.CancelAfter(limits.MaxLifetime);
        using var watching = hub.Watch(waiting, outcomes.Writer);
        // Sent at once, so the page knows the stream is up before any outcome.
        await context.Response.WriteAsync(": waiting\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
        try
        {
            while (waiting.Count > 0)
            {
                var outcome = await outcomes.Reader.ReadAsync(lifetime.Token);
                if (waiting.Remove(outcome.UploadId))
                {
                    var payload = JsonSerializer.Serialize(outcome.Data, Json);
                    await context.Response.WriteAsync($"id: {outcome.UploadId}\nevent: {outcome.EventName}\ndata: {payload}\n\n", lifetime.Token);
                    await context.Response.Body.FlushAsync(lifetime.Token);
                }
            }
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // The page went away, or the stream reached its lifetime: the page asks for what is left itself.
        }
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);
}
