using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using DrinkPipeline.Storage;
using DrinkPipeline.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// The whole app (emulator, stack, API, worker, web) started once for the test collection, on an allocated emulator
/// port so a running developer instance never collides with it. One copy of each service unless a subclass says more.
/// </summary>
public class DrinkPipelineAppFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The app has not started.");

    public int EmulatorPort { get; } = Tools.FreePort();

    /// <summary>Where the API, worker and web export their traces during tests.</summary>
    public OtlpReceiver Telemetry { get; } = new(Tools.FreePort());

    public string EmulatorUrl => $"http://127.0.0.1:{EmulatorPort}";

    /// <summary>Every request the emulator answers (for the IAM audit, <see cref="Iam.AwsCallAudit"/>).</summary>
    private readonly string requestLog = Path.Combine(Path.GetTempPath(), $"drinkpipeline-requests-{Guid.NewGuid():N}.jsonl");

    private Iam.StackNames? stackNames;

    /// <summary>The API's per-client upload limit here: high enough for every test, short enough to wait out.</summary>
    public const int UploadsPerWindow = 60;

    public static readonly TimeSpan UploadWindow = TimeSpan.FromSeconds(10);

    /// <summary>The key the web app presents when it forwards a browser's address (configured, not generated, here).</summary>
    public string ForwardingKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The key the worker presents when it pushes upload outcomes to the web copies.</summary>
    public string OutcomePushKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The moderators' key (X-Admin-Key).</summary>
    public string AdminKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Copies of each service (the AppHost's Scale settings), all waited for until healthy.</summary>
    public virtual IReadOnlyDictionary<string, int> Scale { get; } = new Dictionary<string, int> { ["api"] = 1, ["worker"] = 1, ["web"] = 1 };

    /// <summary>The healthy copies of each service by resource name: their instance ids, which commands and state take.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Instances { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    public HttpClient Api { get; private set; } = null!;

    /// <summary>Makes <paramref name="request"/> speak for the end client at <paramref name="address"/>, as the web app does.</summary>
    public void ForwardFor(HttpRequestMessage request, string address)
    {
        request.Headers.Add("X-Forwarded-For", address);
        request.Headers.Add("X-DrinkPipeline-Forwarding-Key", ForwardingKey);
    }

    public HttpClient Web { get; private set; } = null!;

    public IAmazonS3 S3 { get; private set; } = null!;

    public string BucketName { get; private set; } = "";

    public IAmazonSQS Sqs { get; private set; } = null!;

    public IAmazonDynamoDB Dynamo { get; private set; } = null!;

    /// <summary>How long the web app keeps an upload event stream open here.</summary>
    public static readonly TimeSpan StreamLifetime = TimeSpan.FromSeconds(20);

    /// <summary>The stack's resource names, as the services get them.</summary>
    public AwsResourceOptions Resources { get; private set; } = new();

    /// <summary>The stack's outputs, as the stack resource reports them to the dashboard.</summary>
    public IReadOnlyDictionary<string, string> StackOutputs { get; private set; } = new Dictionary<string, string>();

    /// <summary>AppHost arguments a subclass adds; they come last, so they win.</summary>
    protected virtual IEnumerable<string> AppHostArguments => [];

    /// <summary>Changes a subclass makes to the app after the tests' own settings (a later environment value wins).</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    public async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DrinkPipeline_AppHost>(
            [
                $"--Emulator:Port={EmulatorPort}",
                "--DcpPublisher:RandomizePorts=true",
                $"--Parameters:client-forwarding-key={ForwardingKey}",
                $"--Parameters:admin-key={AdminKey}",
                $"--Parameters:outcome-push-key={OutcomePushKey}",
                $"--RateLimits:UploadsPerWindow={UploadsPerWindow}",
                $"--RateLimits:Window={UploadWindow:c}",
                "--Queue:VisibilityTimeoutSeconds=15",
                // Every test app starts empty and keeps nothing (LocalDataTests keep theirs in a folder of their own).
                "--LocalData:Enabled=false",
                // As in the cloud: API and worker assume their own roles (through the emulator's STS).
                "--AWS:AssumeRoles=true",
                $"--Emulator:RecordRequestsTo={requestLog}",
                .. Scale.Select(service => $"--Scale:{char.ToUpperInvariant(service.Key[0])}{service.Key[1..]}={service.Value}"),
                .. AppHostArguments,
            ],
            (options, _) => options.DisableDashboard = true,
            timeout.Token);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        // Short long-polls so the worker stops quickly when the fixture ends.
        builder.CreateResourceBuilder<ProjectResource>("worker")
            .WithEnvironment("Worker__WaitTimeSeconds", "2")
            .WithEnvironment("Worker__DeadLetterPollInterval", "00:00:02")
            // Failed messages come back at once, so the five receives before the dead-letter queue take seconds.
            .WithEnvironment("Worker__RetryDelay", "00:00:00")
            // Faults below the SDK, for FaultTests only: they match names no other test uses.
            .WithEnvironment("FaultInjection__FailS3ReadsOfKeysContaining", FaultTests.PoisonMarker)
            .WithEnvironment("FaultInjection__ThrottleDynamoDbRequestsContaining", FaultTests.ThrottleMarker);
        // Short enough for WatchTests to see a stream end at its lifetime; far longer than any outcome takes here.
        builder.CreateResourceBuilder<ProjectResource>("web")
            .WithEnvironment("UploadEvents__MaxLifetime", StreamLifetime.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var service in new[] { "api", "worker", "web" })
        {
            builder.CreateResourceBuilder<ProjectResource>(service)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Telemetry.Endpoint)
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200")
                .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "1000")
                .WithEnvironment("CloudWatch__ExportInterval", "00:00:02")
                // Their process's own key, which only assumes their role: the audit tells their requests by it.
                .WithEnvironment("AWS_ACCESS_KEY_ID", Iam.AwsCallAudit.ServiceBaseKey);
        }

        Configure(builder);
        app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        var instances = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (resource, copies) in Scale)
        {
            instances[resource] = await Replicas.WaitForHealthyAsync(app, resource, copies, timeout.Token);
        }

        Instances = instances;

        Api = app.CreateHttpClient("api", "http");
        // Aspire's proxy picks a copy per connection: with several copies, a connection per request lets all answer.
        Api.DefaultRequestHeaders.ConnectionClose = Scale["api"] > 1;
        Web = app.CreateHttpClient("web", "http");
        S3 = new AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config
        {
            ServiceURL = EmulatorUrl,
            AuthenticationRegion = "us-east-1",
            ForcePathStyle = true,
        });
        Sqs = new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig
        {
            ServiceURL = EmulatorUrl,
            AuthenticationRegion = "us-east-1",
        });
        Dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig
        {
            ServiceURL = EmulatorUrl,
            AuthenticationRegion = "us-east-1",
        });
        app.ResourceNotifications.TryGetCurrentState("stack", out var stack);
        StackOutputs = stack!.Snapshot.Properties
            .Where(property => property.Name.StartsWith("output.", StringComparison.Ordinal))
            .ToDictionary(property => property.Name["output.".Length..], property => property.Value?.ToString() ?? "");
        BucketName = StackOutputs["BucketName"];
        // Output keys are the option names: the AppHost hands them to the services the same way (AWS__Resources__<key>).
        Resources = new ConfigurationBuilder().AddInMemoryCollection(StackOutputs!).Build().Get<AwsResourceOptions>()!;
        stackNames = await Iam.AwsCallAudit.ReadStackAsync(EmulatorUrl, "drink-pipeline", timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        Web?.Dispose();
        S3?.Dispose();
        Sqs?.Dispose();
        Dynamo?.Dispose();
        Telemetry.Dispose();
        if (app is not null)
        {
            // The web copies first, while the emulator still answers: leaving the outcome listeners' list is one of
            // the requests the IAM audit checks.
            var commands = app.Services.GetRequiredService<ResourceCommandService>();
            await Task.WhenAll((Instances.GetValueOrDefault("web") ?? []).Select(web => commands.ExecuteCommandAsync(web, KnownResourceCommands.StopCommand)));

            await app.StopAsync();
            await app.DisposeAsync();
        }

        // After the stop: the services' last requests (a web copy leaving the listeners' list) count too.
        if (stackNames is not null)
        {
            Iam.AwsCallAudit.Add(Iam.AwsCallAudit.EvaluateOrReport(GetType().Name, requestLog, StackOutputs, stackNames));
        }

        File.Delete(requestLog);
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<DrinkPipelineAppFixture>
{
    public const string Name = "DrinkPipeline app";
}
