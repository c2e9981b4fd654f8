using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The upload page's event stream for one upload (<c>/upload-events</c>), read as the browser's EventSource reads it.</summary>
public sealed class UploadEvents(HttpResponseMessage response, StreamReader reader) : IDisposable
{
    /// <summary>Opens the stream for the upload whose form came with <paramref name="watchToken"/>.</summary>
    public static async Task<UploadEvents> OpenAsync(HttpClient web, string watchToken, CancellationToken cancellationToken)
    {
        var response = await web.GetAsync($"/upload-events?watch={watchToken}", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        // The stream says it is up before anything else: from here on no outcome can be missed.
        Assert.Equal(": waiting", await reader.ReadLineAsync(cancellationToken));
        return new UploadEvents(response, reader);
    }

    /// <summary>The next event, with the moment it arrived.</summary>
    public async Task<(string Name, JsonElement Data, DateTimeOffset ReceivedAt)> NextAsync(CancellationToken cancellationToken) =>
        await NextOrEndAsync(cancellationToken) ?? throw new UnreachableException("The event stream ended without an event.");

    /// <summary>The next event, or null when the server ends the stream first.</summary>
    public async Task<(string Name, JsonElement Data, DateTimeOffset ReceivedAt)?> NextOrEndAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        string? name = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
            {
                var received = DateTimeOffset.UtcNow;
                return (name, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone(), received);
            }
        }

        return null;
    }

    public void Dispose()
    {
        reader.Dispose();
        response.Dispose();
    }
}
