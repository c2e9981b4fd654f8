extern alias api;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ApiProgram = api::Program;

namespace DrinkPipeline.UnitTests;

/// <summary>
/// /openapi/v1.json describes every endpoint the API maps, with its problem answers. The API runs in memory; nothing
/// here reaches AWS (the document is built from the endpoints' metadata).
/// </summary>
public sealed class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.ApiFactory>
{
    private readonly ApiFactory factory;

    public OpenApiDocumentTests(ApiFactory factory) => this.factory = factory;

    [Fact]
    public async Task EveryMappedApiEndpointIsInTheDocument()
    {
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => $"{method} /{endpoint.RoutePattern.RawText!.Trim('/')}"))
            .ToHashSet();
        var documented = (await DocumentAsync()).GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name.TrimEnd('/')}"))
            .ToHashSet();

        Assert.True(mapped.Count >= 11, $"only {mapped.Count} endpoints found");
        Assert.Empty(mapped.Except(documented));
    }

    [Theory]
    [InlineData("/api/search", "get", "400")]
    [InlineData("/api/photos/{uploadId}", "get", "410")]
    [InlineData("/api/uploads", "post", "429")]
    [InlineData("/api/admin/photos/{uploadId}", "delete", "401")]
    public async Task ProblemAnswersAreDescribedAsProblemJson(string path, string method, string status)
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.True(operation.GetProperty("responses").GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task TheAdminKeyAndTheListParametersAreDescribed()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");

        string[] Parameters(string path, string method) =>
            [.. paths.GetProperty(path).GetProperty(method).GetProperty("parameters").EnumerateArray().Select(parameter => parameter.GetProperty("name").GetString()!)];

        Assert.Contains("X-Admin-Key", Parameters("/api/admin/photos/{uploadId}", "delete"));
        Assert.Equal(["q", "limit", "cursor"], Parameters("/api/search", "get"));
        Assert.Contains("cursor", Parameters("/api/photos/recent", "get"));
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = factory.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        return document.RootElement.Clone();
    }

    /// <summary>The API with the settings it validates at start; no request in these tests touches storage.</summary>
    public sealed class ApiFactory : WebApplicationFactory<ApiProgram>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["AWS:ServiceURL"] = "http://127.0.0.1:9",
                ["AWS:Resources:BucketName"] = "bucket",
                ["AWS:Resources:QueueUrl"] = "http://127.0.0.1:9/queue",
                ["AWS:Resources:DeadLetterQueueUrl"] = "http://127.0.0.1:9/dlq",
                ["AWS:Resources:DrinksTableName"] = "drinks",
                ["AWS:Resources:PhotosTableName"] = "photos",
                ["AWS:Resources:UploadsTableName"] = "uploads",
                ["AWS:Resources:BarsTableName"] = "bars",
                ["AWS:Resources:CoordinationTableName"] = "coordination",
                ["AWS:Resources:SearchWordsTableName"] = "search-words",
                ["Paging:CursorKey"] = "a key for the document tests only",
            })
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
