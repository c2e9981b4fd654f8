using System.Net;
using System.Text;
using System.Text.Json;

namespace DrinkPipeline.IntegrationTests;

[Collection(AppCollection.Name)]
public class ApiContractTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    public static TheoryData<string, string> InvalidRequests => new()
    {
        { """{"barName":"","drinkName":"Mojito","contentType":"image/jpeg","contentLength":10}""", "barName must not be blank" },
        { """{"barName":"Bar","drinkName":"   ","contentType":"image/jpeg","contentLength":10}""", "drinkName must not be blank" },
        { $$"""{"barName":"{{new string('a', 101)}}","drinkName":"Mojito","contentType":"image/jpeg","contentLength":10}""", "limit is 100" },
        { """{"barName":"Bar\u0007","drinkName":"Mojito","contentType":"image/jpeg","contentLength":10}""", "control character" },
        { """{"barName":"Bar","drinkName":"Mojito","contentType":"text/html","contentLength":10}""", "contentType must be one of" },
        { """{"barName":"Bar","drinkName":"Mojito","contentType":"image/jpeg","contentLength":0}""", "positive number of bytes" },
        { """{"barName":"Bar","drinkName":"Mojito","contentType":"image/jpeg","contentLength":20971521}""", "exceeds the limit" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task CreateUploadAnswersBadInputWithAProblemThatSaysWhy(string body, string expectedDetail)
    {
        using var response = await Fixture.Api.PostAsync("/api/uploads", new StringContent(body, Encoding.UTF8, "application/json"), Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, expectedDetail);
    }

    [Fact]
    public async Task UnknownDrinkIsANotFoundProblem()
    {
        using var response = await Client.GetDrinkAsync(PipelineClient.Unique("Nowhere"), "Nothing", Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "No photo of 'Nothing'");
    }

    [Theory]
    [InlineData("0195f3a2c4d67e89a0b1c2d3e4f5a6b7")]
    [InlineData("not-an-id")]
    public async Task UnknownUploadIsANotFoundProblem(string uploadId)
    {
        using var response = await Fixture.Api.GetAsync($"/api/uploads/{uploadId}", Token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PresignedPostPolicyBindsOneKeyTheContentTypeAndTheExactSizeForAtMostFiveMinutes()
    {
        var before = DateTimeOffset.UtcNow;

        var ticket = await Client.PresignAsync(PipelineClient.Unique("Policy Bar"), "Sour", "image/webp", 4321, Token);

        using var policy = JsonDocument.Parse(Convert.FromBase64String(ticket.Fields["Policy"]));
        var expiration = policy.RootElement.GetProperty("expiration").GetDateTimeOffset();
        Assert.InRange(expiration, before, before.AddMinutes(5).AddSeconds(5));
        var conditions = policy.RootElement.GetProperty("conditions").EnumerateArray().Select(c => c.GetRawText()).ToList();
        Assert.Contains(JsonSerializer.Serialize(new Dictionary<string, string> { ["key"] = ticket.ObjectKey }), conditions.Select(Normalise));
        Assert.Contains("""{"Content-Type":"image/webp"}""", conditions);
        Assert.Contains("""["content-length-range",4321,4321]""", conditions);
        Assert.Equal("POST", ticket.Method);
        Assert.Equal(ticket.ObjectKey, ticket.Fields["key"]);
        Assert.EndsWith(".webp", ticket.ObjectKey);
    }

    [Fact]
    public async Task BucketCorsAllowsOnlyTheWebOrigin()
    {
        var webOrigin = Fixture.Web.BaseAddress!.GetLeftPart(UriPartial.Authority);

        var cors = await Fixture.S3.GetCORSConfigurationAsync(Fixture.BucketName, Token);

        var rule = Assert.Single(cors.Configuration.Rules);
        Assert.Equal([webOrigin], rule.AllowedOrigins);
        Assert.Contains("POST", rule.AllowedMethods);
    }

    [Fact]
    public async Task TheTemplatesAlarmsExistInTheEmulator()
    {
        var output = await AwsCli.RunAsync(Fixture, Token, "cloudwatch", "describe-alarms", "--query", "MetricAlarms[].[AlarmName,MetricName,Threshold]", "--output", "text");

        foreach (var alarm in new[] { "dlq-not-empty\tApproximateNumberOfMessagesVisible\t0.0", "queue-age\tApproximateAgeOfOldestMessage\t300.0", "rejected-rate\tNone\t0.5", "processing-errors\tdrinkpipeline.processing.errors\t5.0" })
        {
            Assert.Contains($"drink-pipeline-{alarm}", output);
        }

        Assert.Contains("drink-pipeline-photo-events-dlq", await AwsCli.RunAsync(Fixture, Token, "cloudwatch", "describe-alarms", "--alarm-names", "drink-pipeline-dlq-not-empty"));
        // Every alarm notifies the stack's alarm topic.
        var actions = await AwsCli.RunAsync(Fixture, Token, "cloudwatch", "describe-alarms", "--alarm-name-prefix", "drink-pipeline-", "--query", "MetricAlarms[].AlarmActions", "--output", "json");
        var topic = Fixture.StackOutputs["AlarmTopicArn"];
        Assert.All(JsonSerializer.Deserialize<string[][]>(actions)!, alarmActions => Assert.Equal([topic], alarmActions));
        Assert.Equal(4, JsonSerializer.Deserialize<string[][]>(actions)!.Length);
    }

    private static string Normalise(string json) => JsonSerializer.Serialize(JsonSerializer.Deserialize<Dictionary<string, string>>(json));
}
