using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DrinkPipeline.IntegrationTests;

/// <summary>An RFC 7807 answer: the status, the problem+json media type, and (when given) words its detail must hold.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detailContains = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, problem.GetProperty("detail").GetString());
        }

        return problem;
    }
}
