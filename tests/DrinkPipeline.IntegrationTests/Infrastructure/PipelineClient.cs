using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DrinkPipeline.IntegrationTests;

/// <summary>What a browser or any client does: presign through the API, post the bytes to S3, wait for the worker.</summary>
public sealed class PipelineClient(DrinkPipelineAppFixture fixture)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly TimeSpan ProcessingTimeout = TimeSpan.FromSeconds(60);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> watchTokens = new(StringComparer.Ordinal);

    /// <summary>
    /// The end client this instance stands for, as the web app would forward it: each test is its own client for the
    /// API's per-client upload limit.
    /// </summary>
    public string ClientAddress { get; } = $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    public async Task<UploadTicket> PresignAsync(string bar, string drink, string contentType, long length, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads")
        {
            Content = JsonContent.Create(new { barName = bar, drinkName = drink, fileName = "photo", contentType, contentLength = length }, options: Json),
        };
        fixture.ForwardFor(request, ClientAddress);
        using var response = await fixture.Api.SendAsync(request, cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var ticket = (await response.Content.ReadFromJsonAsync<UploadTicket>(Json, cancellationToken))!;
        watchTokens[ticket.UploadId] = ticket.WatchToken;
        return ticket;
    }

    /// <summary>The watch token that came with the form of an upload this client presigned: what its page would keep.</summary>
    public string WatchTokenOf(string uploadId) => watchTokens[uploadId];

    public static async Task PostToStorageAsync(UploadTicket ticket, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in ticket.Fields)
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new(contentType);
        form.Add(file, "file", "photo");
        using var response = await http.PostAsync(ticket.Url, form, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"S3 refused the upload: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    public async Task<UploadStatusResponse> UploadAsync(string bar, string drink, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var ticket = await PresignAsync(bar, drink, contentType, content.Length, cancellationToken);
        await PostToStorageAsync(ticket, content, contentType, cancellationToken);
        return await WaitForOutcomeAsync(ticket.UploadId, cancellationToken);
    }

    public async Task<UploadStatusResponse> GetStatusAsync(string uploadId, CancellationToken cancellationToken) =>
        (await fixture.Api.GetFromJsonAsync<UploadStatusResponse>($"/api/uploads/{uploadId}", Json, cancellationToken))!;

    /// <summary>Each upload's status, in order.</summary>
    public async Task<List<string>> StatusesAsync(IEnumerable<UploadTicket> uploads, CancellationToken cancellationToken)
    {
        var statuses = new List<string>();
        foreach (var upload in uploads)
        {
            statuses.Add((await GetStatusAsync(upload.UploadId, cancellationToken)).Status);
        }

        return statuses;
    }

    /// <summary>
    /// Polls the upload's status until it is no longer pending. <paramref name="notPresigned"/>: the object was put
    /// without a form, so the upload has no record (404) until the worker takes the object.
    /// </summary>
    public async Task<UploadStatusResponse> WaitForOutcomeAsync(string uploadId, CancellationToken cancellationToken, bool notPresigned = false)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            using var response = await fixture.Api.GetAsync($"/api/uploads/{uploadId}", cancellationToken);
            if (!(notPresigned && response.StatusCode == System.Net.HttpStatusCode.NotFound))
            {
                response.EnsureSuccessStatusCode();
                var status = await response.Content.ReadFromJsonAsync<UploadStatusResponse>(Json, cancellationToken);
                if (status!.Status != "pending")
                {
                    return status;
                }
            }

            Assert.True(started.Elapsed < ProcessingTimeout, $"Upload {uploadId} was still pending after {ProcessingTimeout}.");
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>An object as stored, read with the tests' own credentials: no answer of the app links it.</summary>
    public async Task<byte[]> ReadStoredAsync(string objectKey, CancellationToken cancellationToken)
    {
        using var stored = await fixture.S3.GetObjectAsync(fixture.BucketName, objectKey, cancellationToken);
        using var bytes = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(bytes, cancellationToken);
        return bytes.ToArray();
    }

    /// <summary>The drink's newest photo; fails the test when there is none.</summary>
    public async Task<DrinkResponse> GetPhotoAsync(string bar, string drink, CancellationToken cancellationToken)
    {
        using var response = await GetDrinkAsync(bar, drink, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DrinkResponse>(Json, cancellationToken))!;
    }

    public Task<HttpResponseMessage> GetDrinkAsync(string bar, string drink, CancellationToken cancellationToken) =>
        fixture.Api.GetAsync($"/api/bars/{PathSegments.Encode(bar)}/drinks/{PathSegments.Encode(drink)}", cancellationToken);

    /// <summary>A name no other test (or earlier run) uses.</summary>
    public static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";
}
