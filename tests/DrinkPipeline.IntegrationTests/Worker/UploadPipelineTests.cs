using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Amazon.S3;
using DrinkPipeline.Storage;

namespace DrinkPipeline.IntegrationTests;

[Collection(AppCollection.Name)]
public class UploadPipelineTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task PresignedUploadBecomesReadyAndSearchReturnsTheSameBytes()
    {
        var bar = PipelineClient.Unique("Harbour Bar");

        var status = await Client.UploadAsync(bar, "Negroni", TestImages.Jpeg, "image/jpeg", Token);

        Assert.Equal("ready", status.Status);
        using var response = await Client.GetDrinkAsync(bar, "Negroni", Token);
        response.EnsureSuccessStatusCode();
        var photo = (await response.Content.ReadFromJsonAsync<DrinkResponse>(PipelineClient.Json, Token))!;
        Assert.Equal(bar, photo.BarName);
        Assert.Equal("Negroni", photo.DrinkName);
        Assert.Equal("image/jpeg", photo.ContentType);
        Assert.Equal(TestImages.Jpeg.Length, photo.SizeBytes);
        Assert.Equal(TestImages.Jpeg, await Client.ReadStoredAsync(photo.ObjectKey, Token));
    }

    [Theory]
    [InlineData("Joe's Bar", "Mojito")]
    [InlineData("Café Über & Co", "Crème brûlée martini")]
    [InlineData("🍹 Tiki/Room", "Zombie 🧟")]
    [InlineData("100% Agave", "50% off")]
    [InlineData("..", "..7")]
    [InlineData("a+b", "c d")]
    public async Task TrickyNamesComeBackExactlyAsGiven(string barName, string drinkName)
    {
        var bar = barName + " " + Guid.NewGuid().ToString("N")[..6];

        var status = await Client.UploadAsync(bar, drinkName, TestImages.Png, "image/png", Token);

        Assert.Equal("ready", status.Status);
        Assert.Equal(bar, status.BarName);
        Assert.Equal(drinkName, status.DrinkName);
        using var response = await Client.GetDrinkAsync(bar, drinkName, Token);
        var photo = (await response.Content.ReadFromJsonAsync<DrinkResponse>(PipelineClient.Json, Token))!;
        Assert.Equal((bar, drinkName), (photo.BarName, photo.DrinkName));
        Assert.StartsWith("uploads/", photo.ObjectKey);
        Assert.Equal(4, photo.ObjectKey.Split('/').Length);
    }

    [Fact]
    public async Task DotDotNamesStayInsideTheirOwnKeys()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await Client.UploadAsync($"../{suffix}", "..x", TestImages.Png, "image/png", Token);

        using var other = await Client.GetDrinkAsync(suffix, "..x", Token);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task LookupTreatsNamesCaseInsensitivelyAndShowsTheFirstSpelling()
    {
        var bar = PipelineClient.Unique("Joe's Bar");
        await Client.UploadAsync(bar, "Old Fashioned", TestImages.Png, "image/png", Token);

        using var response = await Client.GetDrinkAsync(bar.ToUpperInvariant(), "OLD FASHIONED", Token);

        response.EnsureSuccessStatusCode();
        var photo = (await response.Content.ReadFromJsonAsync<DrinkResponse>(PipelineClient.Json, Token))!;
        Assert.Equal((bar, "Old Fashioned"), (photo.BarName, photo.DrinkName));
    }

    [Fact]
    public async Task NewestUploadOfADrinkWinsTheLookupAndBothAreCounted()
    {
        var bar = PipelineClient.Unique("Two Shots");
        var first = await Client.UploadAsync(bar, "Martini", TestImages.Png, "image/png", Token);
        var second = await Client.UploadAsync(bar, "martini", TestImages.Jpeg, "image/jpeg", Token);

        using var response = await Client.GetDrinkAsync(bar, "Martini", Token);

        var photo = (await response.Content.ReadFromJsonAsync<DrinkResponse>(PipelineClient.Json, Token))!;
        Assert.Equal(("ready", "ready"), (first.Status, second.Status));
        Assert.Equal(second.UploadId, photo.UploadId);
        Assert.Equal("Martini", photo.DrinkName);
        Assert.Equal(2, photo.PhotoCount);
    }

    [Fact]
    public async Task TextPretendingToBeAJpegIsRejectedWithAReasonAndDeleted()
    {
        var text = "this is not a photo, just text"u8.ToArray();
        var ticket = await Client.PresignAsync(PipelineClient.Unique("Liar's Bar"), "Fake", "image/jpeg", text.Length, Token);
        await PipelineClient.PostToStorageAsync(ticket, text, "image/jpeg", Token);

        var status = await Client.WaitForOutcomeAsync(ticket.UploadId, Token);

        Assert.Equal("rejected", status.Status);
        Assert.Contains("not a JPEG image", status.Reason);
        await AssertDeletedAsync(ticket.ObjectKey);
    }

    [Fact]
    public async Task BytesThatDisagreeWithTheDeclaredTypeAreRejected()
    {
        var ticket = await Client.PresignAsync(PipelineClient.Unique("Mixup"), "Spritz", "image/png", TestImages.Jpeg.Length, Token);
        await PipelineClient.PostToStorageAsync(ticket, TestImages.Jpeg, "image/png", Token);

        var status = await Client.WaitForOutcomeAsync(ticket.UploadId, Token);

        Assert.Equal("rejected", status.Status);
        Assert.Equal("The file is a JPEG image but was declared as PNG.", status.Reason);
    }

    [Fact]
    public async Task AFileLargerThanDeclaredIsRejectedEvenThoughTheEmulatorStoresIt()
    {
        var ticket = await Client.PresignAsync(PipelineClient.Unique("Greedy"), "Pint", "image/png", 10, Token);
        await PipelineClient.PostToStorageAsync(ticket, TestImages.Png, "image/png", Token);

        var status = await Client.WaitForOutcomeAsync(ticket.UploadId, Token);

        Assert.Equal("rejected", status.Status);
        Assert.Equal($"The file is {TestImages.Png.Length} bytes but 10 bytes were declared.", status.Reason);
    }

    [Fact]
    public async Task AnAwsCliCopyWithTheUploadLayoutIsProcessedLikeABrowserUpload()
    {
        var uploadId = Guid.CreateVersion7().ToString("N");
        var bar = PipelineClient.Unique("CliBar");
        var key = $"uploads/{bar.Replace(" ", "%20", StringComparison.Ordinal)}/Daiquiri/{uploadId}.jpg";
        var file = Path.Combine(Path.GetTempPath(), $"{uploadId}.jpg");
        await File.WriteAllBytesAsync(file, TestImages.Jpeg, Token);

        await AwsCli.RunAsync(Fixture, Token, "s3", "cp", file, $"s3://{Fixture.BucketName}/{key}", "--content-type", "image/jpeg");
        var status = await Client.WaitForOutcomeAsync(uploadId, Token, notPresigned: true);

        Assert.Equal("ready", status.Status);
        Assert.Equal((bar, "Daiquiri", key), (status.BarName, status.DrinkName, status.ObjectKey));
        using var response = await Client.GetDrinkAsync(bar, "Daiquiri", Token);
        response.EnsureSuccessStatusCode();
        File.Delete(file);
    }

    [Fact]
    public async Task ObjectsWrittenUnderAnotherUploadsIdAreDeletedAndLeaveThatUploadAlone()
    {
        var ticket = await Client.PresignAsync(PipelineClient.Unique("Owner"), "Negroni", "image/jpeg", TestImages.Jpeg.Length, Token);
        var intruderBar = PipelineClient.Unique("Intruder");
        // One a photo (it would be recorded), one not (it would be rejected): neither may touch the upload.
        var photo = ObjectKeys.ForUpload(intruderBar, "Negroni", ticket.UploadId, "jpg");
        var junk = ObjectKeys.ForUpload(intruderBar, "Junk", ticket.UploadId, "jpg");

        await PutDirectlyAsync(photo, TestImages.Jpeg);
        await PutDirectlyAsync(junk, "not a photo"u8.ToArray());

        await AssertDeletedAsync(photo);
        await AssertDeletedAsync(junk);
        await AssertDeletedAsync(ObjectKeys.ThumbnailFor(ticket.UploadId));
        var untouched = await Client.GetStatusAsync(ticket.UploadId, Token);
        Assert.Equal(("pending", ticket.ObjectKey, null), (untouched.Status, untouched.ObjectKey, untouched.Reason));
        using var intruderDrink = await Client.GetDrinkAsync(intruderBar, "Negroni", Token);
        Assert.Equal(HttpStatusCode.NotFound, intruderDrink.StatusCode);

        await PipelineClient.PostToStorageAsync(ticket, TestImages.Jpeg, "image/jpeg", Token);
        Assert.Equal("ready", (await Client.WaitForOutcomeAsync(ticket.UploadId, Token)).Status);
    }

    private Task PutDirectlyAsync(string key, byte[] content) =>
        Fixture.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = Fixture.BucketName,
            Key = key,
            InputStream = new MemoryStream(content),
            ContentType = "image/jpeg",
        }, Token);

    [Fact]
    public async Task AReadyUploadsRecordNeverExpiresAndARejectedOnesDoes()
    {
        var ready = await Client.UploadAsync(PipelineClient.Unique("Lasting Bar"), "Negroni", TestImages.Jpeg, "image/jpeg", Token);
        var text = "not a photo"u8.ToArray();
        var ticket = await Client.PresignAsync(PipelineClient.Unique("Lasting Bar"), "Fake", "image/png", text.Length, Token);
        await PipelineClient.PostToStorageAsync(ticket, text, "image/png", Token);
        var rejected = await Client.WaitForOutcomeAsync(ticket.UploadId, Token);

        Assert.Equal(("ready", "rejected"), (ready.Status, rejected.Status));
        // A photo's link must keep working: the table's TTL attribute goes when the upload is ready.
        Assert.Null((await UploadItemAsync(ready.UploadId))[Tables.Uploads.ExpiresAt]);
        Assert.NotNull((await UploadItemAsync(rejected.UploadId))[Tables.Uploads.ExpiresAt]);
    }

    private async Task<System.Text.Json.Nodes.JsonNode> UploadItemAsync(string uploadId) =>
        (await AwsCli.JsonAsync(Fixture.EmulatorUrl, Token, "dynamodb", "get-item", "--table-name", Fixture.StackOutputs["UploadsTableName"],
            "--key", System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { [Tables.Uploads.UploadId] = new { S = uploadId } }),
            "--consistent-read"))["Item"]!;

    [Fact]
    public async Task AnObjectOutsideTheUploadLayoutIsDeleted()
    {
        var key = $"uploads/stray-{Guid.NewGuid():N}.jpg";
        await Fixture.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = Fixture.BucketName,
            Key = key,
            InputStream = new MemoryStream(TestImages.Jpeg),
            ContentType = "image/jpeg",
        }, Token);

        await AssertDeletedAsync(key);
    }

    [Fact]
    public async Task BarAutocompleteAndDrinkListIgnoreCaseAndAccents()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var bar = $"Café Zürich {suffix}";
        await Client.UploadAsync(bar, "Éclair Flip", TestImages.Png, "image/png", Token);

        var bars = await Fixture.Api.GetFromJsonAsync<BarList>($"/api/bars?prefix={Uri.EscapeDataString($"cafe zurich {suffix}")}", PipelineClient.Json, Token);
        var drinks = await Fixture.Api.GetFromJsonAsync<DrinkList>($"/api/bars/{PathSegments.Encode(bar.ToUpperInvariant())}/drinks?prefix=eclair", PipelineClient.Json, Token);
        var none = await Fixture.Api.GetFromJsonAsync<DrinkList>($"/api/bars/{PathSegments.Encode("No Such Bar " + suffix)}/drinks", PipelineClient.Json, Token);

        Assert.Equal([bar], bars!.Bars);
        Assert.Equal(bar, drinks!.BarName);
        Assert.Equal("Éclair Flip", Assert.Single(drinks.Drinks).DrinkName);
        Assert.Empty(none!.Drinks);
    }

    private async Task AssertDeletedAsync(string key)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await Fixture.S3.GetObjectMetadataAsync(Fixture.BucketName, key, Token);
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"{key} was not deleted.");
            await Task.Delay(250, Token);
        }
    }
}
