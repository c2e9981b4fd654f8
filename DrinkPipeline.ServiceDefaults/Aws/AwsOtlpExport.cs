using Amazon.Runtime;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace DrinkPipeline.Aws;

/// <summary>
/// Traces go to X-Ray's OTLP endpoint and logs to CloudWatch Logs' OTLP endpoint (the emulator's locally), SigV4-signed
/// with the service's credentials, HTTP/protobuf, batched in the background (a slow or failing endpoint delays nothing
/// but its own export).
/// The exporters are built directly rather than with AddOtlpExporter, which cannot be combined with the dashboard's
/// UseOtlpExporter.
/// </summary>
public static class AwsOtlpExport
{
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(10);

    public static BaseExporter<System.Diagnostics.Activity> CreateTraceExporter(Uri endpoint, string region, Func<ImmutableCredentials> credentials) =>
        new OtlpTraceExporter(Options(endpoint, region, "xray", credentials, headers: null));

    public static BaseExporter<LogRecord> CreateLogExporter(Uri endpoint, string region, Func<ImmutableCredentials> credentials,
        string logGroup, string logStream) =>
        new OtlpLogExporter(Options(endpoint, region, "logs", credentials, $"x-aws-log-group={logGroup},x-aws-log-stream={logStream}"));

    /// <summary>X-Ray's and CloudWatch Logs' OTLP endpoints in <paramref name="region"/>, or the emulator's (emulator.py serves both).</summary>
    public static (Uri Traces, Uri Logs) EndpointsFor(string region, string? serviceUrl) =>
        serviceUrl is { Length: > 0 }
            ? (new Uri(serviceUrl.TrimEnd('/') + "/v1/traces"), new Uri(serviceUrl.TrimEnd('/') + "/v1/logs"))
            : (new Uri($"https://xray.{region}.amazonaws.com/v1/traces"), new Uri($"https://logs.{region}.amazonaws.com/v1/logs"));

    public static void AddTo(TracerProviderBuilder tracing, Uri endpoint, string region) =>
        tracing.AddProcessor(services => new BatchActivityExportProcessor(
            CreateTraceExporter(endpoint, region, ServiceCredentials.Of(services))));

    public static void AddTo(LoggerProviderBuilder logging, Uri endpoint, string region, string logGroup, string logStream) =>
        logging.AddProcessor(services => new BatchLogRecordExportProcessor(
            CreateLogExporter(endpoint, region, ServiceCredentials.Of(services), logGroup, logStream)));

    private static OtlpExporterOptions Options(Uri endpoint, string region, string service, Func<ImmutableCredentials> credentials, string? headers)
    {
        var options = new OtlpExporterOptions
        {
            Endpoint = endpoint,
            Protocol = OtlpExportProtocol.HttpProtobuf,
            TimeoutMilliseconds = (int)ExportTimeout.TotalMilliseconds,
            HttpClientFactory = () => new HttpClient(new SigV4SigningHandler(region, service, credentials)
            {
                InnerHandler = new SocketsHttpHandler(),
            })
            {
                Timeout = ExportTimeout,
            },
        };
        if (headers is not null)
        {
            options.Headers = headers;
        }

        return options;
    }
}
