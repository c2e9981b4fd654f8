using System.Net;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DrinkPipeline.Web;

/// <summary>
/// The Data Protection key ring (the keys behind antiforgery tokens and cookies) in the stack's bucket, under
/// <c>data-protection/</c>: every web copy reads the same ring, so a form one copy served posts to any other. The
/// bucket encrypts it at rest (default SSE) and only the web role may read or write that prefix.
/// </summary>
public sealed class S3XmlRepository(IAmazonS3 s3, string bucketName) : IXmlRepository
{
    public const string Prefix = "data-protection/";

    // IXmlRepository is synchronous; it is read when the ring is loaded or refreshed, not per request.
    public IReadOnlyCollection<XElement> GetAllElements() => LoadAsync().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucketName,
            // friendlyName is "key-{guid}": unique, so copies that create keys at once never overwrite each other.
            Key = $"{Prefix}{friendlyName}.xml",
            ContentBody = element.ToString(SaveOptions.DisableFormatting),
            ContentType = "application/xml",
        }).GetAwaiter().GetResult();

    /// <summary>
    /// Claims the right to create the ring's first key: a conditional write (If-None-Match) that only one caller, of
    /// all the copies, wins. False when another copy claimed it first.
    /// </summary>
    public async Task<bool> TryClaimFirstKeyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucketName,
                Key = $"{Prefix}first-key.claim",
                ContentBody = Environment.MachineName,
                IfNoneMatch = "*",
            }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }

    private async Task<IReadOnlyCollection<XElement>> LoadAsync()
    {
        var elements = new List<XElement>();
        var request = new ListObjectsV2Request { BucketName = bucketName, Prefix = Prefix };
        ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(request);
            // Keys only: the prefix also holds the first key's claim (TryClaimFirstKeyAsync).
            foreach (var entry in (page.S3Objects ?? []).Where(entry => entry.Key.EndsWith(".xml", StringComparison.Ordinal)))
            {
                try
                {
                    using var response = await s3.GetObjectAsync(bucketName, entry.Key);
                    elements.Add(await XElement.LoadAsync(response.ResponseStream, LoadOptions.None, CancellationToken.None));
                }
                catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
                {
                    // Listed, then gone: nothing to load.
                }
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return elements;
    }
}

/// <summary>
/// Copies that start together on an empty ring would each create a key and keep using their own until their next
/// ring refresh (a day later), refusing each other's tokens meanwhile. So before the app serves, one copy wins a
/// conditional write (If-None-Match) and creates the first key; the others wait until it is there.
/// </summary>
public sealed class FirstKeyElection(IKeyManager keys, S3XmlRepository ring, TimeProvider time, ILogger<FirstKeyElection> logger) : IHostedService
{
    private static readonly TimeSpan WaitForWinner = TimeSpan.FromSeconds(30);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.GetAllKeys().Count > 0)
        {
            return;
        }

        if (await ring.TryClaimFirstKeyAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            keys.CreateNewKey(now, now.AddDays(90));
            logger.FirstKeyCreated();
            return;
        }

        var deadline = time.GetUtcNow() + WaitForWinner;
        while (keys.GetAllKeys().Count == 0)
        {
            if (time.GetUtcNow() > deadline)
            {
                // The winner died before writing its key: carry on, Data Protection creates one of its own.
                logger.FirstKeyNotSeen(WaitForWinner);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class SharedKeyRing
{
    /// <summary>Data Protection with its key ring in the stack's bucket and one application name for every copy.</summary>
    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var bucketName = configuration["AWS:Resources:BucketName"]
            ?? throw new InvalidOperationException(
                "AWS:Resources:BucketName is not set; the AppHost passes it to the web app (web.WithStackOutputs(stack, ...)).");
        var serviceUrl = configuration["AWS:ServiceURL"];
        var region = configuration["AWS:Region"] ?? "us-east-1";
        var config = new AmazonS3Config { ForcePathStyle = serviceUrl is not null };
        if (serviceUrl is { Length: > 0 })
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        // The web app's credentials (ServiceDefaults: its role). The client is shared with UploadOutcomeListener, which
        // registers this copy under listeners/ in the same bucket.
        services.AddSingleton<IAmazonS3>(provider => new AmazonS3Client(provider.GetRequiredService<AWSCredentials>(), config));
        services.AddSingleton(provider => new S3XmlRepository(provider.GetRequiredService<IAmazonS3>(), bucketName));
        services.TryAddSingleton(TimeProvider.System);
        // Registered before Data Protection's own start-up service, which would otherwise create a key first.
        services.AddHostedService<FirstKeyElection>();
        services.AddDataProtection()
            // Without a fixed name each copy derives one from its content root, and copies installed in different
            // places could not read each other's tokens.
            .SetApplicationName("drinkpipeline-web");
        services.AddOptions<KeyManagementOptions>()
            .Configure<S3XmlRepository>((options, ring) => options.XmlRepository = ring);
        return services;
    }
}
