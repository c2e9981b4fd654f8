using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using DrinkPipeline.Storage;
using DrinkPipeline.Storage.Uploads;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.IntegrationTests;

/// <summary>Issue 21, item 1: an uploader's original (EXIF and GPS intact) is never linked by a public answer.</summary>
[Collection(AppCollection.Name)]
public class PrivacyTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task NoPublicAnswerLinksTheOriginalOnlyRenditionsWithoutItsMetadata()
    {
        var bar = PipelineClient.Unique("Private Bar");
        var status = await Client.UploadAsync(bar, "Gibson", TestImages.CameraJpeg, "image/jpeg", Token);
        Assert.Equal("ready", status.Status);
        var id = status.UploadId;
        var drink = $"/api/bars/{Uri.EscapeDataString(bar)}/drinks/Gibson";

        List<string> answers =
        [
            await Fixture.Api.GetStringAsync($"/api/uploads/{id}", Token),
            await Fixture.Api.GetStringAsync(drink, Token),
            await Fixture.Api.GetStringAsync($"{drink}/photos", Token),
            await Fixture.Api.GetStringAsync($"/api/photos/{id}", Token),
            await Fixture.Web.GetStringAsync($"/?handler=Status&watch={Client.WatchTokenOf(id)}", Token),
        ];
        using (var events = await UploadEvents.OpenAsync(Fixture.Web, Client.WatchTokenOf(id), Token))
        {
            answers.Add((await events.NextAsync(Token)).Data.GetRawText());
        }

        var links = answers.SelectMany(answer => Urls(JsonDocument.Parse(answer).RootElement)).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.DoesNotContain("/uploads/", Uri.UnescapeDataString(new Uri(link).AbsolutePath), StringComparison.Ordinal));
        using var download = new HttpClient();
        foreach (var link in links.Distinct())
        {
            var served = await download.GetByteArrayAsync(link, Token);
            Assert.NotEqual(TestImages.CameraJpeg, served);
            // The renditions are WebP with EXIF, XMP and GPS stripped.
            Assert.DoesNotContain("Exif", Encoding.Latin1.GetString(served), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheOneOffPassKeepsApartTheOriginalOfAPhotoMadeReadyBeforeOriginalsWere()
    {
        var status = await Client.UploadAsync(PipelineClient.Unique("Legacy Bar"), "Manhattan", TestImages.CameraJpeg, "image/jpeg", Token);
        Assert.Equal("ready", status.Status);
        var id = status.UploadId;
        var record = new Dictionary<string, AttributeValue> { [Tables.Uploads.UploadId] = new() { S = id } };
        // As a photo made ready before: its original only where the browser posted it, its record naming no object.
        await Fixture.S3.DeleteObjectAsync(Fixture.BucketName, ObjectKeys.OriginalFor(id), Token);
        await Fixture.Dynamo.UpdateItemAsync(Fixture.Resources.UploadsTableName, record,
            new() { [Tables.Uploads.ObjectETag] = new() { Action = AttributeAction.DELETE } }, Token);
        var pass = new KeptOriginalsUpgrade(Fixture.Dynamo, Fixture.S3, Options.Create(Fixture.Resources));
        await Fixture.Dynamo.DeleteItemAsync(Fixture.Resources.CoordinationTableName, new() { [Tables.Coordination.Key] = new() { S = pass.DoneKey } }, Token);

        var summary = await pass.RunAsync(Token);

        Assert.DoesNotMatch("^0 originals", summary);
        Assert.True(await pass.IsDoneAsync(Token));
        Assert.Equal(TestImages.CameraJpeg, await Client.ReadStoredAsync(ObjectKeys.OriginalFor(id), Token));
        var upgraded = await Fixture.Dynamo.GetItemAsync(Fixture.Resources.UploadsTableName, record, Token);
        Assert.True(upgraded.Item.ContainsKey(Tables.Uploads.ObjectETag));
    }

    private static IEnumerable<string> Urls(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Urls(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Urls),
        JsonValueKind.String when element.GetString() is { } text && text.StartsWith("http", StringComparison.Ordinal) => [text],
        _ => [],
    };
}
