using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DrinkPipeline.Testing;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The AppHost's emulator launcher on its own: the moto it accepts, and what a restart gives back of local data.</summary>
public sealed class EmulatorLauncherTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("drinkpipeline-emulator-data-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task ASavedObjectComesBackWithItsETagDateContentTypeAndMetadata()
    {
        byte[] content = [.. TestImages.Jpeg, 1, 2, 3];
        GetObjectMetadataResponse before;
        await using (var first = await StandaloneEmulator.StartLauncherAsync(folder))
        {
            using var s3 = Client(first);
            await s3.PutBucketAsync("kept", Token);
            var put = new PutObjectRequest { BucketName = "kept", Key = "uploads/Joe's Bar/Negroni/0197.jpg", InputStream = new MemoryStream(content), ContentType = "image/jpeg" };
            put.Metadata["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
            await s3.PutObjectAsync(put, Token);
            before = await s3.GetObjectMetadataAsync("kept", put.Key, Token);
            // The launcher saves once a second.
            await Eventually.TrueAsync(
                () => Task.FromResult(Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories).Length == 1),
                TimeSpan.FromSeconds(10), "the object was not saved", Token);
        }

        await using var second = await StandaloneEmulator.StartLauncherAsync(folder);
        using var restarted = Client(second);
        await restarted.PutBucketAsync("kept", Token);

        var after = await restarted.GetObjectMetadataAsync("kept", "uploads/Joe's Bar/Negroni/0197.jpg", Token);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(before.LastModified, after.LastModified);
        Assert.Equal(before.Headers.ContentType, after.Headers.ContentType);
        Assert.Equal(before.Metadata["traceparent"], after.Metadata["traceparent"]);
        using var read = await restarted.GetObjectAsync("kept", "uploads/Joe's Bar/Negroni/0197.jpg", Token);
        using var bytes = new MemoryStream();
        await read.ResponseStream.CopyToAsync(bytes, Token);
        Assert.Equal(content, bytes.ToArray());
        Assert.Empty(Directory.GetFiles(folder, "*.pickle", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AFolderOfPickledObjectsIsStartedOverAndSaysSo()
    {
        var old = Path.Combine(folder, "s3", "kept", "ab");
        Directory.CreateDirectory(old);
        await File.WriteAllBytesAsync(Path.Combine(old, "ab12.pickle"), [0x80, 0x04], Token);
        await File.WriteAllTextAsync(Path.Combine(folder, "dynamodb.jsonl"), """{"table": "t", "key": "{}", "item": {"Id": {"S": "1"}}}""" + "\n", Token);

        await using var emulator = await StandaloneEmulator.StartLauncherAsync(folder);

        Assert.Empty(Directory.GetFiles(folder, "*.pickle", SearchOption.AllDirectories));
        Assert.Equal("", (await File.ReadAllTextAsync(Path.Combine(folder, "dynamodb.jsonl"), Token)).Trim());
        Assert.Contains("starting over", emulator.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherMotoVersionIsRefusedWithTheLineThatInstallsTheRightOne()
    {
        var emulatorFolder = Path.Combine(StandaloneEmulator.RepositoryRoot, "DrinkPipeline.AppHost", "Emulator");
        foreach (var file in (string[])["emulator.py", "local_data.py"])
        {
            File.Copy(Path.Combine(emulatorFolder, file), Path.Combine(folder, file));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "requirements.txt"), "moto[server]==9.9.9\n", Token);

        var run = await Tools.RunAsync(StandaloneEmulator.Python, [Path.Combine(folder, "emulator.py"), "-p", "0"], Token);

        Assert.NotEqual(0, run.ExitCode);
        var lines = run.Error.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Contains("the emulator needs moto 9.9.9", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^Install it with: .* -m pip install -r .*requirements\.txt$", lines[1]);
    }

    private static AmazonS3Client Client(StandaloneEmulator emulator) =>
        new(new BasicAWSCredentials("test", "test"), new AmazonS3Config { ServiceURL = emulator.Url, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
}
