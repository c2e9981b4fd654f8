using DrinkPipeline.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

        if (CloudRegion(builder.Configuration) is { } region)
        {
            var credentials = CloudWatchMetricExporter.DefaultCredentials();
            builder.Services.AddOpenTelemetry()
                .WithTracing(tracing => AwsOtlpExport.AddTo(tracing, region, credentials))
                // The stream is the application's name: the stack creates one per service (ApiLogStream…), as the
                // OTLP endpoint creates none.
                .WithLogging(logging => AwsOtlpExport.AddTo(logging, region, credentials,
                    builder.Configuration["AWS:Resources:LogGroupName"] ?? $"/drink-pipeline/{builder.Environment.ApplicationName}",
                    builder.Environment.ApplicationName));
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>The region when the service runs against real AWS with CloudWatch export on (no emulator URL).</summary>
    private static string? CloudRegion(IConfiguration configuration) =>
        configuration.GetValue(CloudWatchOptions.SectionName + ":Enabled", true) &&
        configuration["AWS:Region"] is { Length: > 0 } region && string.IsNullOrEmpty(configuration["AWS:ServiceURL"])
            ? region
            : null;

    /// <summary>
    /// Services that talk to AWS (the AppHost gives them <c>AWS:Region</c>) also publish the pipeline meter to
    /// CloudWatch: the real one in the cloud, the emulator's (<c>AWS:ServiceURL</c>) locally.
    /// </summary>
    private static void AddCloudWatchExport(MeterProviderBuilder metrics, IConfiguration configuration)
    {
        var options = configuration.GetSection(CloudWatchOptions.SectionName).Get<CloudWatchOptions>() ?? new CloudWatchOptions();
        if (!options.Enabled || configuration["AWS:Region"] is not { Length: > 0 } region)
        {
            return;
        }

        var exporter = new CloudWatchMetricExporter(
            TelemetryName,
            options,
            region,
            CloudWatchMetricExporter.EndpointFor(region, configuration["AWS:ServiceURL"]),
            CloudWatchMetricExporter.DefaultCredentials());
        metrics.AddReader(new PeriodicExportingMetricReader(exporter, (int)options.ExportInterval.TotalMilliseconds)
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
