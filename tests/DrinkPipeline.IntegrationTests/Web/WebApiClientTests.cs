using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Issue 21, item 3: the web app's API client passes the API's 429 on at once (it used to retry it for ~9 s), and a
/// burst of them does not open its circuit breaker for every visitor.
/// </summary>
[Collection(AppCollection.Name)]
public class WebApiClientTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task AnUploadOverTheLimitReachesThePageAtOnceWithRetryAfterAndOthersCarryOn()
    {
        var ready = await Client.UploadAsync(PipelineClient.Unique("Circuit Bar"), "Sazerac", TestImages.Png, "image/png", Token);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Fixture.Web.BaseAddress };
        var token = Antiforgery.TokenIn(await browser.GetStringAsync("/", Token));
        try
        {
            // Every request of this test comes from the web app's loopback address: one client, one window.
            HttpResponseMessage? refused = null;
            var elapsed = TimeSpan.Zero;
            for (var i = 0; i <= 2 * DrinkPipelineAppFixture.UploadsPerWindow && refused is null; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await browser.SendAsync(Presign(token), Token);
                elapsed = Stopwatch.GetElapsedTime(started);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    refused = response;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    response.Dispose();
                }
            }

            Assert.NotNull(refused);
            using (refused)
            {
                Assert.True(elapsed < TimeSpan.FromSeconds(2), $"the refusal took {elapsed.TotalSeconds:F1} s");
                Assert.NotNull(refused.Headers.RetryAfter?.Delta);
                await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.TooManyRequests, "uploads");
            }

            // More refusals than the circuit breaker's minimum throughput: still answers about the request, not faults.
            for (var i = 0; i < 120; i++)
            {
                using var again = await browser.SendAsync(Presign(token), Token);
                Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
            }

            using var status = await Fixture.Web.GetAsync($"/?handler=Status&watch={Client.WatchTokenOf(ready.UploadId)}", Token);
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }
        finally
        {
            // Leave the loopback window as it was for the tests that upload through the web app.
            await Eventually.TrueAsync(async () =>
            {
                using var response = await browser.SendAsync(Presign(token), Token);
                return response.StatusCode == HttpStatusCode.OK;
            }, TimeSpan.FromSeconds(30), "the web app's upload window never reopened", Token);
        }
    }

    private static HttpRequestMessage Presign(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/?handler=Presign")
        {
            Content = JsonContent.Create(new { barName = "Limit Bar", drinkName = "Drink", fileName = "a.jpg", contentType = "image/jpeg", contentLength = 10 }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        return request;
    }
}
