using DrinkPipeline.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Service discovery, resilience, health checks and OpenTelemetry shared by every DrinkPipeline service.</summary>
public static class Extensions
{
    /// <summary>ActivitySource and Meter name used by the pipeline's own spans and metrics.</summary>
    public const string TelemetryName = "DrinkPipeline";

    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Built on first use only: a service that never calls AWS never resolves them.
        builder.Services.TryAddSingleton(_ => ServiceCredentials.Create(builder.Configuration, builder.Environment.ApplicationName));
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(TelemetryName);
                AddCloudWatchExport(metrics, builder.Configuration);
            })
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, TelemetryName)
                .AddAspNetCoreInstrumentation(options =>
                    // Health probes would drown the traces that matter.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath) &&
                        !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                // The AWS SDK sends through HttpClient, so its calls to S3, SQS and DynamoDB become client spans here.
                .AddHttpClientInstrumentation());

        if (CloudWatchRegion(builder.Configuration) is { } region)
        {
            var (traces, logs) = AwsOtlpExport.EndpointsFor(region, builder.Configuration["AWS:ServiceURL"]);
            builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => AwsOtlpExport.AddTo(tracing, traces, region))
                // The stream is the application's name: the stack creates one per service (ApiLogStream…), as the
                // OTLP endpoint creates none.
                .WithLogging(logging => AwsOtlpExport.AddTo(logging, logs, region,
                    builder.Configuration["AWS:Resources:LogGroupName"] ?? $"/drink-pipeline/{builder.Environment.ApplicationName}",
                    builder.Environment.ApplicationName));
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// The region when the service talks to AWS (the AppHost gives it <c>AWS:Region</c>) and CloudWatch export is on:
    /// the pipeline meter, traces and logs then go to CloudWatch too, the real one in the cloud, the emulator's
    /// (<c>AWS:ServiceURL</c>) locally.
    /// </summary>
    private static string? CloudWatchRegion(IConfiguration configuration) =>
        configuration.GetValue(CloudWatchOptions.SectionName + ":Enabled", true) && configuration["AWS:Region"] is { Length: > 0 } region
            ? region
            : null;

    private static void AddCloudWatchExport(MeterProviderBuilder metrics, IConfiguration configuration)
    {
        var options = configuration.GetSection(CloudWatchOptions.SectionName).Get<CloudWatchOptions>() ?? new CloudWatchOptions();
        if (CloudWatchRegion(configuration) is not { } region)
        {
            return;
        }

        var endpoint = CloudWatchMetricExporter.EndpointFor(region, configuration["AWS:ServiceURL"]);
        metrics.AddReader(services => new PeriodicExportingMetricReader(
            new CloudWatchMetricExporter(TelemetryName, options, region, endpoint, ServiceCredentials.Of(services)),
            (int)options.ExportInterval.TotalMilliseconds)
        {
            TemporalityPreference = MetricReaderTemporalityPreference.Delta,
        });
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        return builder;
    }

    /// <summary>
    /// Maps /health (every check) and /alive (liveness only). Mapped in every environment because the AppHost waits on
    /// them; they reveal only a status word.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
        });

        return app;
    }
}
