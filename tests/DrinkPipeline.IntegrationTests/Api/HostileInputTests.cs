using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace DrinkPipeline.IntegrationTests;

/// <summary>Issue 21, item 7: input that once made a 5xx, or a name nothing could find, gets a clear answer instead.</summary>
[Collection(AppCollection.Name)]
public class HostileInputTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Theory]
    [InlineData("/api/bars/Some%20Bar/drinks?prefix=%CC%81")]
    [InlineData("/api/bars?prefix=%CC%81%CC%81")]
    public async Task APrefixThatNormalisesToNothingListsNothing(string path)
    {
        using var response = await Fixture.Api.GetAsync(path, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("[]", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u0301\u0301")]
    [InlineData("🍹")]
    public async Task ANameWithoutALetterOrDigitIsRefusedAtPresign(string barName)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads")
        {
            Content = JsonContent.Create(new { barName, drinkName = "Drink", fileName = "a.jpg", contentType = "image/jpeg", contentLength = 10 }),
        };
        Fixture.ForwardFor(request, Client.ClientAddress);

        using var response = await Fixture.Api.SendAsync(request, Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "barName must contain at least one letter or digit.");
    }

    [Fact]
    public async Task TheOutcomePushChecksItsKeyBeforeItReadsAMalformedBody()
    {
        using var withoutKey = await Fixture.Web.PostAsync(UploadOutcomeListeners.Path, new StringContent("{not json", Encoding.UTF8, "application/json"), Token);
        await ProblemAssert.IsProblemAsync(withoutKey, HttpStatusCode.Forbidden);

        foreach (var (body, type) in new[] { ("{not json", "application/json"), ("[{\"status\":\"ready\"}]", "application/json"), ("[]", "text/plain") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, UploadOutcomeListeners.Path) { Content = new StringContent(body, Encoding.UTF8, type) };
            request.Headers.Add(UploadOutcomeListeners.KeyHeader, Fixture.OutcomePushKey);

            using var response = await Fixture.Web.SendAsync(request, Token);

            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "Send a JSON array of {uploadId, status}.");
        }
    }
}
