using System.Net;
using DrinkPipeline.Web;
using Microsoft.Extensions.DependencyInjection;

namespace DrinkPipeline.UnitTests.Web;

/// <summary>The web app's API client pipeline (issue 21, item 3), run over an answering stub instead of the API.</summary>
public sealed class ApiResilienceTests
{
    [Theory]
    [InlineData("GET", HttpStatusCode.TooManyRequests, 1)]
    [InlineData("GET", HttpStatusCode.NotFound, 1)]
    [InlineData("GET", HttpStatusCode.BadRequest, 1)]
    [InlineData("GET", HttpStatusCode.ServiceUnavailable, 3)]
    [InlineData("POST", HttpStatusCode.ServiceUnavailable, 1)]
    [InlineData("POST", HttpStatusCode.TooManyRequests, 1)]
    [InlineData("DELETE", HttpStatusCode.InternalServerError, 1)]
    public async Task OnlyAGetThatTheApiFailedIsRetried(string method, HttpStatusCode status, int attempts)
    {
        var api = new StubApi(status);
        using var client = Client(api);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/anything"), TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(attempts, api.Calls);
    }

    [Fact]
    public async Task AnswersAboutTheRequestNeverOpenTheCircuit()
    {
        var api = new StubApi(HttpStatusCode.TooManyRequests);
        using var client = Client(api);

        // More than the breaker's minimum throughput (100 in its 30 s sampling window), all 429.
        for (var i = 0; i < 150; i++)
        {
            using var response = await client.PostAsync("/api/photos/x/reports", null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        Assert.Equal(150, api.Calls);
    }

    [Fact]
    public async Task FaultsOfTheApiOpenTheCircuit()
    {
        var api = new StubApi(HttpStatusCode.ServiceUnavailable);
        using var client = Client(api);

        var broken = false;
        for (var i = 0; i < 150 && !broken; i++)
        {
            try
            {
                using var response = await client.PostAsync("/api/uploads", null, TestContext.Current.CancellationToken);
            }
            catch (Polly.CircuitBreaker.BrokenCircuitException)
            {
                broken = true;
            }
        }

        Assert.True(broken);
    }

    private static HttpClient Client(StubApi api)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("api", client => client.BaseAddress = new Uri("http://api.test"))
            .ConfigurePrimaryHttpMessageHandler(() => api)
            .AddResilienceHandler("api", ApiResilience.Configure);
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("api");
    }

    private sealed class StubApi(HttpStatusCode status) : HttpMessageHandler
    {
        private int calls;

        public int Calls => calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }
}
