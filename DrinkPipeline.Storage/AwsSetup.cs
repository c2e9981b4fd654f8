using System.Diagnostics.Metrics;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using DrinkPipeline.Aws;
using DrinkPipeline.Storage.Catalog;
using DrinkPipeline.Storage.Coordination;
using DrinkPipeline.Storage.Moderation;
using DrinkPipeline.Storage.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DrinkPipeline.Storage;

public static class AwsSetup
{
    /// <summary>
    /// Registers what the API and the worker share: the AWS clients, the stack's resource names, the upload limits and
    /// the table stores.
    /// </summary>
    public static IHostApplicationBuilder AddDrinkPipelineStorage(this IHostApplicationBuilder builder)
    {
        builder.AddDrinkPipelineAws();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<UploadOptions>()
            .BindConfiguration(UploadOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<UploadStore>();
        builder.Services.AddSingleton<RecentUploads>();
        builder.Services.AddSingleton<DrinkCatalog>();
        builder.Services.AddSingleton<PhotoRecorder>();
        builder.Services.AddSingleton<PhotoVisibility>();
        builder.Services.AddSingleton<CatalogSearch>();
        // One-off passes over older data, run by the worker in this order.
        builder.Services.AddSingleton<OneOffPass, CatalogUpgrade>();
        builder.Services.AddSingleton<OneOffPass, KeptOriginalsUpgrade>();
        builder.Services.AddSingleton<PhotoReports>();
        builder.Services.AddSingleton<ModeratorSessions>();
        builder.Services.AddSingleton<Leases>();
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return builder;
    }

    /// <summary>
    /// Registers the S3, SQS and DynamoDB clients once each, and the stack's resource names. They sign with the
    /// service's <see cref="AWSCredentials"/>, which ServiceDefaults registers (its role, shared with the exporters).
    /// </summary>
    public static IHostApplicationBuilder AddDrinkPipelineAws(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AwsResourceOptions>()
            .BindConfiguration(AwsResourceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var connection = builder.Configuration.GetSection(AwsConnectionOptions.SectionName).Get<AwsConnectionOptions>()
            ?? new AwsConnectionOptions();
        var faults = builder.Configuration.GetSection(FaultInjectionOptions.SectionName).Get<FaultInjectionOptions>() ?? new FaultInjectionOptions();
        if (faults.Any && !builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException("FaultInjection is for tests and is refused outside the Development environment.");
        }

        // "DrinkPipeline.Worker" → "worker", as the AppHost names the resource.
        var app = builder.Environment.ApplicationName.Split('.')[^1].ToLowerInvariant();
        builder.Services.AddSingleton(services => new AwsHttpClientFactory(
            services.GetRequiredService<IMeterFactory>().Create(MeterName), faults, app));
        builder.Services.AddSingleton<IAmazonS3>(services => new AmazonS3Client(services.GetRequiredService<AWSCredentials>(), Configure(new AmazonS3Config
        {
            // The emulator serves buckets by path, not by virtual host.
            ForcePathStyle = connection.ServiceURL is not null,
        }, connection, services)));
        builder.Services.AddSingleton<IAmazonSQS>(services =>
            new AmazonSQSClient(services.GetRequiredService<AWSCredentials>(), Configure(new AmazonSQSConfig(), connection, services)));
        builder.Services.AddSingleton<IAmazonDynamoDB>(services =>
            new AmazonDynamoDBClient(services.GetRequiredService<AWSCredentials>(), Configure(new AmazonDynamoDBConfig(), connection, services)));
        return builder;
    }

    /// <summary>The services' shared meter (ServiceDefaults exports it); the SDK attempt counter lives here too.</summary>
    private const string MeterName = "DrinkPipeline";

    private static T Configure<T>(T config, AwsConnectionOptions connection, IServiceProvider services)
        where T : ClientConfig
    {
        config.HttpClientFactory = services.GetRequiredService<AwsHttpClientFactory>();
        if (connection.ServiceURL is { Length: > 0 } serviceUrl)
        {
            config.ServiceURL = serviceUrl;
            config.AuthenticationRegion = connection.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(connection.Region);
        }

        return config;
    }
}
