using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace DrinkPipeline.IntegrationTests;

/// <summary>What the API lets in: per-client upload limits, forwarded addresses, body size, malformed text.</summary>
[Collection(AppCollection.Name)]
public class SecurityTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task UploadsOverTheLimitFromOneClientAreRefusedWith429AndRetryAfter()
    {
        var client = Client.ClientAddress;

        var (allowed, refused) = await PresignUntilRefusedAsync(request => Fixture.ForwardFor(request, client));

        // A fixed window may turn over during the burst, so up to two windows' worth can pass first.
        Assert.InRange(allowed, DrinkPipelineAppFixture.UploadsPerWindow, 2 * DrinkPipelineAppFixture.UploadsPerWindow);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, $"At most {DrinkPipelineAppFixture.UploadsPerWindow} uploads");
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, (int)DrinkPipelineAppFixture.UploadWindow.TotalSeconds);

        // Another client is not affected.
        using var other = PresignRequest();
        // A new PipelineClient is a new client address.
        Fixture.ForwardFor(other, new PipelineClient(Fixture).ClientAddress);
        using var response = await Fixture.Api.SendAsync(other, Token);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        refused.Dispose();
    }

    [Fact]
    public async Task AForwardedAddressWithoutTheKeyCountsAsTheCallersOwn()
    {
        var forged = 0;

        // A fresh made-up address on every request: believed, it would never hit the limit.
        var (_, refused) = await PresignUntilRefusedAsync(request =>
        {
            request.Headers.Add("X-Forwarded-For", $"192.0.2.{++forged % 250}");
            request.Headers.Add("X-DrinkPipeline-Forwarding-Key", "not-the-key");
        });

        var wait = int.Parse(refused.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        refused.Dispose();
        // This test used up the loopback caller's window; leave it fresh for the tests that follow.
        await Task.Delay(TimeSpan.FromSeconds(wait + 1), Token);
    }

    [Fact]
    public async Task AnOversizedRequestBodyIsRefused()
    {
        var body = $$"""{"barName":"Bar","drinkName":"Drink","fileName":"{{new string(' ', 20_000)}}","contentType":"image/jpeg","contentLength":10}""";
        using var request = PresignRequest(new StringContent(body, Encoding.UTF8, "application/json"));
        Fixture.ForwardFor(request, Client.ClientAddress);

        using var response = await Fixture.Api.SendAsync(request, Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    public static TheoryData<string, byte[]> MalformedNames => new()
    {
        { "lone surrogate escape", Encoding.UTF8.GetBytes("""{"barName":"Bar\ud800","drinkName":"Drink","fileName":"a.jpg","contentType":"image/jpeg","contentLength":10}""") },
        // "/" written as the over-long two-byte sequence C0 AF, which a lax decoder would turn into a path separator.
        { "over-long UTF-8", [.. "{\"barName\":\"a"u8, 0xC0, 0xAF, .. "b\",\"drinkName\":\"Drink\",\"fileName\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"contentLength\":10}"u8] },
        { "control character", Encoding.UTF8.GetBytes("""{"barName":"Bar\u0000","drinkName":"Drink","fileName":"a.jpg","contentType":"image/jpeg","contentLength":10}""") },
    };

    [Theory]
    [MemberData(nameof(MalformedNames))]
    public async Task MalformedNamesInTheBodyAreRefusedWithAProblem(string why, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = PresignRequest(content);
        Fixture.ForwardFor(request, Client.ClientAddress);

        using var response = await Fixture.Api.SendAsync(request, Token);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "barName");
    }

    [Theory]
    [InlineData("%C0%AF")]
    [InlineData("%ED%A0%80")]
    [InlineData("%FF")]
    public async Task MalformedNamesInThePathAreRefusedWithAProblem(string segment)
    {
        using var response = await Fixture.Api.GetAsync($"/api/bars/{segment}/drinks", Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TheApiSignsUploadFormsWithItsOwnRolesSessionCredentials()
    {
        var ticket = await Client.PresignAsync(PipelineClient.Unique("Role Bar"), "Drink", "image/jpeg", 10, Token);

        // Assumed-role credentials are session credentials: a temporary key and a token, never the base key.
        var credential = ticket.Fields.Single(field => field.Key.Equals("x-amz-credential", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.False(credential.StartsWith("test/", StringComparison.Ordinal), credential);
        Assert.Contains(ticket.Fields.Keys, key => key.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ANulInThePathIsRefusedBeforeItReachesTheApi()
    {
        // Kestrel itself refuses a NUL in the request target, with a bare 400.
        using var response = await Fixture.Api.GetAsync("/api/bars/Bar%00/drinks", Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<(int Allowed, HttpResponseMessage Refused)> PresignUntilRefusedAsync(Action<HttpRequestMessage> asClient)
    {
        var allowed = 0;
        for (var i = 0; i <= 3 * DrinkPipelineAppFixture.UploadsPerWindow; i++)
        {
            using var request = PresignRequest();
            asClient(request);
            var response = await Fixture.Api.SendAsync(request, Token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (allowed, response);
            }

            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            response.Dispose();
            allowed++;
        }

        Assert.Fail($"No request was refused after {allowed} uploads.");
        return default;
    }

    private static HttpRequestMessage PresignRequest(HttpContent? content = null) => new(HttpMethod.Post, "/api/uploads")
    {
        Content = content ?? JsonContent.Create(new { barName = "Limit Bar", drinkName = "Drink", fileName = "a.jpg", contentType = "image/jpeg", contentLength = 10 }),
    };
}
