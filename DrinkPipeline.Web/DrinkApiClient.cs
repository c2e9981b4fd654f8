using System.Net;
using System.Text.Json;

namespace DrinkPipeline.Web;

public sealed record UploadRequest(string BarName, string DrinkName, string FileName, string ContentType, long ContentLength);

public sealed record UploadTicket(
    string UploadId,
    string ObjectKey,
    string Url,
    string Method,
    Dictionary<string, string> Headers,
    Dictionary<string, string> Fields,
    DateTimeOffset ExpiresAt);

public sealed record UploadStatus(
    string UploadId,
    string Status,
    string BarName,
    string DrinkName,
    string? Reason,
    string? ThumbnailUrl,
    string? DuplicateOf);

/// <summary>The lookup as the pages use it: they show the stripped display rendition, never the original.</summary>
public sealed record Drink(
    string BarName,
    string DrinkName,
    string? DisplayUrl,
    string? ThumbnailUrl,
    string ContentType,
    long SizeBytes,
    DateTimeOffset UploadedAt,
    int PhotoCount,
    int? Width,
    int? Height,
    DateTimeOffset? TakenAt,
    string? Camera);

public sealed record BarList(IReadOnlyList<string> Bars);

/// <summary>An RFC 7807 problem the API answered with; its detail is meant for people.</summary>
public sealed record ApiProblem(int Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors);

/// <summary>Either the API's value or the problem it reported.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
    where T : class;

/// <summary>Typed client for DrinkPipeline.Api, found through service discovery as "api".</summary>
public sealed class DrinkApiClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<UploadTicket>> RequestUploadAsync(UploadRequest request, CancellationToken cancellationToken) =>
        SendAsync<UploadTicket>(new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = JsonContent.Create(request) }, cancellationToken);

    public Task<ApiResult<UploadStatus>> GetUploadAsync(string uploadId, CancellationToken cancellationToken) =>
        SendAsync<UploadStatus>(new HttpRequestMessage(HttpMethod.Get, $"/api/uploads/{Uri.EscapeDataString(uploadId)}"), cancellationToken);

    public Task<ApiResult<Drink>> GetDrinkAsync(string barName, string drinkName, CancellationToken cancellationToken) =>
        SendAsync<Drink>(new HttpRequestMessage(HttpMethod.Get, $"/api/bars/{Segment(barName)}/drinks/{Segment(drinkName)}"), cancellationToken);

    public Task<ApiResult<BarList>> FindBarsAsync(string prefix, CancellationToken cancellationToken) =>
        SendAsync<BarList>(new HttpRequestMessage(HttpMethod.Get, $"/api/bars?prefix={Uri.EscapeDataString(prefix)}"), cancellationToken);

    /// <summary>The API's segment encoding (DrinkPipeline.PathSegments): dot-only names get a "!" marker, since URL parsers fold dot segments.</summary>
    private static string Segment(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        return escaped.All(c => c == '.') ? "!" + escaped : escaped;
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
        where T : class
    {
        using (request)
        using (var response = await http.SendAsync(request, cancellationToken))
        {
            if (response.IsSuccessStatusCode)
            {
                return new ApiResult<T>(await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), null);
            }

            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? await response.Content.ReadFromJsonAsync<ApiProblem>(Json, cancellationToken)
                : null;
            return new ApiResult<T>(null, problem ?? new ApiProblem((int)response.StatusCode, response.ReasonPhrase,
                response.StatusCode == HttpStatusCode.NotFound ? "Not found." : "The service could not answer.", null));
        }
    }
}
