using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DrinkPipeline.Contracts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.Web.UploadOutcomes;

/// <summary>
/// Keeps this web copy on the worker's list of listeners (see <see cref="UploadOutcomeListeners"/>) while it runs, when a
/// push key is configured: an empty object named after its address, put again every ten seconds, deleted at stop.
/// </summary>
public sealed class UploadOutcomeListener(
    IAmazonS3 s3,
    IServer server,
    IConfiguration configuration,
    IOptions<OutcomePushOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<UploadOutcomeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Key is not { Length: > 0 } || configuration["AWS:Resources:BucketName"] is not { } bucket)
        {
            return;
        }

        // The addresses are known once the server listens.
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(stoppingToken);
        var self = OwnAddress();
        if (self is null)
        {
            logger.NoListenerAddress();
            return;
        }

        var key = UploadOutcomeListeners.KeyFor(self);
        logger.ListeningForOutcomes(self);
        try
        {
            using var timer = new PeriodicTimer(UploadOutcomeListeners.RenewEvery);
            do
            {
                try
                {
                    await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "" }, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Storage away (the emulator restarting, a network error): the worker stops pushing here until the
                    // next renewal and the pages' rechecks carry on meanwhile. Letting it escape would stop the host.
                    logger.ListenerNotRenewed(exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        try
        {
            await s3.DeleteObjectAsync(bucket, key, CancellationToken.None);
        }
        catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException or OperationCanceledException)
        {
            // It goes stale in thirty seconds all the same.
        }
    }

    /// <summary>Where the worker reaches this copy: its own listening address (a wildcard host becomes the machine's address).</summary>
    private Uri? OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(text => Uri.TryCreate(text.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri : null)
            .FirstOrDefault(uri => uri?.Scheme == "http");
        if (address is null)
        {
            return null;
        }

        if (address.Host is "0.0.0.0" or "[::]")
        {
            var machine = Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(ip => ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
            return machine is null ? null : new UriBuilder(address) { Host = machine.ToString() }.Uri;
        }

        return address;
    }
}
