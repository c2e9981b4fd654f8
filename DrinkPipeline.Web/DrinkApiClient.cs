using System.Net;
using System.Text.Json;
using DrinkPipeline.Contracts;
using Microsoft.Extensions.Options;
using Polly;

namespace DrinkPipeline.Web;

/// <summary>
/// An RFC 7807 problem the API answered with; its detail is meant for people. <paramref name="RetryAfterSeconds"/> is
/// the API's Retry-After (a limit reached), passed on to the browser.
/// </summary>
public sealed record ApiProblem(int Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors, int? RetryAfterSeconds = null);

/// <summary>Either the API's value (none for answers without a body) or the problem it reported.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
    where T : class;

/// <summary>Typed client for DrinkPipeline.Api, found through service discovery as "api".</summary>
public sealed class DrinkApiClient(HttpClient http, IOptions<ClientForwardingOptions> forwarding, ILogger<DrinkApiClient> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Asks for an upload form on behalf of the browser at <paramref name="browserAddress"/>.</summary>
    public Task<ApiResult<UploadTicket>> RequestUploadAsync(UploadRequest request, IPAddress? browserAddress, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = JsonContent.Create(request) };
        ForwardBrowser(message, browserAddress);
        return SendAsync<UploadTicket>(message, cancellationToken);
    }

    public Task<ApiResult<UploadStatusResponse>> GetUploadAsync(string uploadId, CancellationToken cancellationToken) =>
        SendAsync<UploadStatusResponse>(new HttpRequestMessage(HttpMethod.Get, $"/api/uploads/{Uri.EscapeDataString(uploadId)}"), cancellationToken);

    public Task<ApiResult<DrinkResponse>> GetDrinkAsync(string barName, string drinkName, CancellationToken cancellationToken) =>
        SendAsync<DrinkResponse>(new HttpRequestMessage(HttpMethod.Get, $"/api/bars/{Segment(barName)}/drinks/{Segment(drinkName)}"), cancellationToken);

    public Task<ApiResult<PhotoList>> ListPhotosAsync(string barName, string drinkName, CancellationToken cancellationToken) =>
        SendAsync<PhotoList>(new HttpRequestMessage(HttpMethod.Get, $"/api/bars/{Segment(barName)}/drinks/{Segment(drinkName)}/photos"), cancellationToken);

    public Task<ApiResult<BarList>> FindBarsAsync(string prefix, CancellationToken cancellationToken) =>
        SendAsync<BarList>(new HttpRequestMessage(HttpMethod.Get, $"/api/bars?prefix={Uri.EscapeDataString(prefix)}&limit={SuggestionCount}"), cancellationToken);

    public Task<ApiResult<DrinkList>> ListDrinksAsync(string barName, string? prefix, CancellationToken cancellationToken, string? cursor = null) =>
        SendAsync<DrinkList>(new HttpRequestMessage(HttpMethod.Get,
            $"/api/bars/{Segment(barName)}/drinks" + Query(("prefix", prefix), ("cursor", cursor))), cancellationToken);

    /// <summary>Bars and drinks (at every bar) with a word starting with each word of <paramref name="query"/>.</summary>
    public Task<ApiResult<SearchResponse>> SearchAsync(string query, int limit, string? cursor, CancellationToken cancellationToken) =>
        SendAsync<SearchResponse>(new HttpRequestMessage(HttpMethod.Get,
            "/api/search" + Query(("q", query), ("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", cursor))), cancellationToken);

    /// <summary>Every bar with a photo of the drink, newest first.</summary>
    public Task<ApiResult<DrinkBarList>> ListBarsServingAsync(string drinkName, string? cursor, CancellationToken cancellationToken) =>
        SendAsync<DrinkBarList>(new HttpRequestMessage(HttpMethod.Get, $"/api/drinks/{Segment(drinkName)}/bars" + Query(("cursor", cursor))), cancellationToken);

    /// <summary>A photo by its upload id (its share page); the problem is 404 for none, 410 for a removed one.</summary>
    public Task<ApiResult<PhotoResponse>> GetPhotoAsync(string uploadId, CancellationToken cancellationToken) =>
        SendAsync<PhotoResponse>(new HttpRequestMessage(HttpMethod.Get, $"/api/photos/{Uri.EscapeDataString(uploadId)}"), cancellationToken);

    /// <summary>Reports a photo on behalf of the browser at <paramref name="browserAddress"/> (limited per browser, as uploads are).</summary>
    public Task<ApiResult<object>> ReportAsync(string uploadId, ReportRequest report, IPAddress? browserAddress, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/api/photos/{Uri.EscapeDataString(uploadId)}/reports") { Content = JsonContent.Create(report) };
        ForwardBrowser(message, browserAddress);
        return SendAsync<object>(message, cancellationToken, expectBody: false);
    }

    /// <summary>Signs a moderator in: the key a moderator typed opens a session, and only the session is kept.</summary>
    public Task<ApiResult<ModeratorSession>> OpenModeratorSessionAsync(string adminKey, CancellationToken cancellationToken)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/admin/sessions");
        message.Headers.Add("X-Admin-Key", adminKey);
        return SendAsync<ModeratorSession>(message, cancellationToken);
    }

    public Task<ApiResult<object>> CloseModeratorSessionAsync(string session, CancellationToken cancellationToken) =>
        SendAsync<object>(Moderator(HttpMethod.Delete, "/api/admin/sessions/current", session), cancellationToken, expectBody: false);

    /// <summary>The moderators' queue, in a moderator's session.</summary>
    public Task<ApiResult<ReportedPhotoList>> ListReportedAsync(string session, string? cursor, CancellationToken cancellationToken) =>
        SendAsync<ReportedPhotoList>(Moderator(HttpMethod.Get, "/api/admin/reports" + Query(("cursor", cursor)), session), cancellationToken);

    public Task<ApiResult<object>> KeepPhotoAsync(string session, string uploadId, CancellationToken cancellationToken) =>
        SendAsync<object>(Moderator(HttpMethod.Post, $"/api/admin/photos/{Uri.EscapeDataString(uploadId)}/keep", session), cancellationToken, expectBody: false);

    public Task<ApiResult<object>> RemovePhotoAsync(string session, string uploadId, CancellationToken cancellationToken) =>
        SendAsync<object>(Moderator(HttpMethod.Delete, $"/api/admin/photos/{Uri.EscapeDataString(uploadId)}", session), cancellationToken, expectBody: false);

    private static HttpRequestMessage Moderator(HttpMethod method, string path, string session)
    {
        var message = new HttpRequestMessage(method, path);
        message.Headers.Add(ModeratorSession.Header, session);
        return message;
    }

    private void ForwardBrowser(HttpRequestMessage message, IPAddress? browserAddress)
    {
        if (forwarding.Value.Key is { Length: > 0 } key && browserAddress is not null)
        {
            message.Headers.Add("X-Forwarded-For", browserAddress.ToString());
            message.Headers.Add(ClientForwardingOptions.KeyHeader, key);
        }
    }

    /// <summary>A query string of the parameters that have a value ("" when none has).</summary>
    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(parameter => !string.IsNullOrEmpty(parameter.Value)).Select(parameter => $"{parameter.Name}={Uri.EscapeDataString(parameter.Value!)}");
        return string.Join('&', present) is { Length: > 0 } query ? "?" + query : "";
    }

    public Task<ApiResult<RecentPhotoList>> ListRecentPhotosAsync(int limit, string? cursor, CancellationToken cancellationToken) =>
        SendAsync<RecentPhotoList>(new HttpRequestMessage(HttpMethod.Get,
            "/api/photos/recent" + Query(("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("cursor", cursor))), cancellationToken);

    /// <summary>How many names an autocomplete list offers.</summary>
    public const int SuggestionCount = 8;

    /// <summary>The API's segment encoding (DrinkPipeline.PathSegments): dot-only names get a "!" marker, since URL parsers fold dot segments.</summary>
    public static string Segment(string name)
    {
        var escaped = Uri.EscapeDataString(name);
        return escaped.All(c => c == '.') ? "!" + escaped : escaped;
    }

    /// <summary>The inverse of <see cref="Segment"/> for a raw path segment of this site's own links (<c>/bars/{bar}</c>).</summary>
    public static string FromSegment(string raw) =>
        raw.Length > 1 && raw[0] == '!' && raw.Skip(1).All(c => c == '.') ? raw[1..] : Uri.UnescapeDataString(raw);

    /// <summary>
    /// The name in a page's path after <paramref name="prefix"/> (<c>/bars/</c>, <c>/drinks/</c>), read from the raw
    /// request target: the route value keeps "%2F" encoded but decodes everything else.
    /// </summary>
    public static string NameFromPath(HttpContext context, string prefix)
    {
        var target = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var path = target.Split('?', 2)[0];
        return FromSegment(path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? path[prefix.Length..] : "");
    }

    /// <summary>Sends the request; <paramref name="expectBody"/> false for answers without one (202, 204): success is then no problem, and no value.</summary>
    private async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken, bool expectBody = true)
        where T : class
    {
        using (request)
        using (var response = await TrySendAsync(request, cancellationToken))
        {
            if (response is null)
            {
                return new ApiResult<T>(null, Unavailable);
            }

            if (response.IsSuccessStatusCode)
            {
                return new ApiResult<T>(expectBody ? await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken) : null, null);
            }

            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                ? await response.Content.ReadFromJsonAsync<ApiProblem>(Json, cancellationToken)
                : null;
            problem ??= new ApiProblem((int)response.StatusCode, response.ReasonPhrase,
                response.StatusCode == HttpStatusCode.NotFound ? "Not found." : "The service could not answer.", null);
            return new ApiResult<T>(null, response.Headers.RetryAfter?.Delta is { } wait
                ? problem with { RetryAfterSeconds = (int)Math.Ceiling(wait.TotalSeconds) }
                : problem);
        }
    }

    private static readonly ApiProblem Unavailable = new(StatusCodes.Status503ServiceUnavailable, "Service unavailable",
        "The drink service is not answering right now. Please try again in a moment.", null);

    /// <summary>Null when the API cannot be reached: pages then show a message rather than an error page.</summary>
    private async Task<HttpResponseMessage?> TrySendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or ExecutionRejectedException ||
            (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Refused, timed out or cut off by the circuit breaker (ApiResilience).
            logger.ApiUnavailable(exception, request.Method.Method, request.RequestUri?.OriginalString);
            return null;
        }
    }
}
