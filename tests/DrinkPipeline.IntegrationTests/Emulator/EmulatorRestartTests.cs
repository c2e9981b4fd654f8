using System.Net;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// The emulator keeps everything in memory, so a restart leaves it empty. The services must say they are unhealthy
/// while it is down, and the stack resource must deploy the stack again (with CORS, notifications and alarms) so the
/// pipeline works again without restarting anything else.
/// </summary>
[Collection(AppCollection.Name)]
public class EmulatorRestartTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task AfterTheEmulatorRestartsEmptyTheStackIsDeployedAgainAndUploadsWork()
    {
        var commands = Fixture.App.Services.GetRequiredService<ResourceCommandService>();

        Assert.True((await commands.ExecuteCommandAsync("aws", KnownResourceCommands.StopCommand, Token)).Success);
        await WaitForApiHealthAsync(HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        // What the load balancers ask on ECS (/alive) stays healthy while storage is away: a storage hiccup must not
        // take every target out of service.
        foreach (var service in new[] { Fixture.Api, Fixture.Web })
        {
            using var alive = await service.GetAsync("/alive", Token);
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        await Fixture.App.ResourceNotifications.WaitForResourceAsync("stack", "Emulator down", Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        // Down for longer than a web copy renews its place among the outcome listeners: that renewal failing once
        // stopped the web app (found by CI), which the page request at the end would catch.
        await Task.Delay(UploadOutcomeListeners.RenewEvery + TimeSpan.FromSeconds(1), Token);
        Assert.True((await commands.ExecuteCommandAsync("aws", KnownResourceCommands.StartCommand, Token)).Success);
        // Running again only once the stack and what the emulator's CloudFormation skips (the bucket's event
        // notification among them) are back; the API's health turns green earlier, as soon as its table exists.
        await Fixture.App.ResourceNotifications.WaitForResourceAsync("stack", KnownResourceStates.Running, Token).WaitAsync(TimeSpan.FromSeconds(90), Token);
        await WaitForApiHealthAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        var status = await Client.UploadAsync(PipelineClient.Unique("Phoenix Bar"), "Rebirth", TestImages.Jpeg, "image/jpeg", Token);

        Assert.Equal("ready", status.Status);
        var cors = await AwsCli.RunAsync(Fixture, Token, "s3api", "get-bucket-cors", "--bucket", Fixture.BucketName);
        Assert.Contains(Fixture.Web.BaseAddress!.GetLeftPart(UriPartial.Authority), cors);
        using var page = await Fixture.Web.GetAsync("/", Token);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private Task WaitForApiHealthAsync(HttpStatusCode expected, TimeSpan timeout) =>
        Eventually.TrueAsync(async () =>
        {
            using var response = await Fixture.Api.GetAsync("/health", Token);
            return response.StatusCode == expected;
        }, timeout, $"/health never answered {(int)expected}", Token);
}
