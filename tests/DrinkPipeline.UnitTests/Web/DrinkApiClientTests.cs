using System.Net;
using System.Net.Sockets;
using System.Text;
using DrinkPipeline.Contracts;
using DrinkPipeline.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.UnitTests.Web;

public class DrinkApiClientTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnreachableApiBecomesAProblemForThePageToShow()
    {
        // A port that was free a moment ago: the connection is refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient { BaseAddress = new($"http://127.0.0.1:{port}") };

        var result = await new DrinkApiClient(http, Options.Create(new ClientForwardingOptions()), NullLogger<DrinkApiClient>.Instance).GetDrinkAsync("Bar", "Drink", Token);

        Assert.Null(result.Value);
        Assert.Equal(503, result.Problem!.Status);
        Assert.Contains("not answering", result.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProblemDetailsFromTheApiReachThePage()
    {
        using var http = new HttpClient(new StubHandler(HttpStatusCode.BadRequest, "application/problem+json",
            """{"status":400,"title":"Bad","detail":"barName must not contain control characters."}"""))
        { BaseAddress = new("http://api") };

        var result = await new DrinkApiClient(http, Options.Create(new ClientForwardingOptions()), NullLogger<DrinkApiClient>.Instance).GetDrinkAsync("Bar", "Drink", Token);

        Assert.Equal("barName must not contain control characters.", result.Problem!.Detail);
    }

    [Theory]
    [InlineData("Café Über")]
    [InlineData("AC/DC")]
    [InlineData("..")]
    [InlineData("100% Agave!")]
    public void SegmentRoundTrips(string name) =>
        Assert.Equal(name, DrinkApiClient.FromSegment(DrinkApiClient.Segment(name)));

    [Fact]
    public void SegmentMatchesTheApisEncoding()
    {
        foreach (var name in new[] { "Café Über", "AC/DC", "..", ".", "a.b", "100% Agave!" })
        {
            Assert.Equal(PathSegments.Encode(name), DrinkApiClient.Segment(name));
        }
    }

    private sealed class StubHandler(HttpStatusCode status, string mediaType, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) });
    }
}
