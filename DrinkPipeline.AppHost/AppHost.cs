using DrinkPipeline.AppHost.CloudFormation;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);
const string Template = "aws/drink-pipeline.template.yaml";

// Deploy mode (docs/deploy.md): publish the three images and create or update the stack on AWS, compute included.
//   dotnet run --project DrinkPipeline.AppHost -- --operation publish --step deploy --AWS:Region eu-west-1
if (builder.ExecutionContext.IsPublishMode)
{
    builder.AddAwsDeployment(Template, new Dictionary<string, string>
    {
        ["Api"] = new Projects.DrinkPipeline_Api().ProjectPath,
        ["Worker"] = new Projects.DrinkPipeline_Worker().ProjectPath,
        ["Web"] = new Projects.DrinkPipeline_Web().ProjectPath,
    });
    builder.Build().Run();
    return;
}

var aws = builder.Configuration.GetSection("AWS");
var region = aws["Region"] ?? "us-east-1";
var isLocal = !string.Equals(aws["Target"], "Cloud", StringComparison.OrdinalIgnoreCase);

// Copies of each service, all behind Aspire's proxy on the same fixed ports: --Scale:Worker=3 or Scale__Worker=3.
// Everything the copies share lives in the stack (upload counters, gauge leases, the web key ring): see docs/local-development.md, "Several copies".
var scale = builder.Configuration.GetSection("Scale");
int Replicas(string service) => scale.GetValue(service, 1) is var count and >= 1 and <= 16
    ? count
    : throw new InvalidOperationException($"Scale:{service} must be between 1 and 16 copies; it is {scale[service]}.");

// Apps are declared first only so the stack can take the web origin for its CORS rule; they start after the stack.
var web = builder.AddProject<Projects.DrinkPipeline_Web>("web");

var stack = builder.AddCloudFormationTemplate("stack", Template, aws["StackName"] ?? "drink-pipeline")
    .WithParameter("WebOrigin", web.GetEndpoint("http"))
    .WithRedriveCommand();
if (builder.Configuration["Alarms:Email"] is { Length: > 0 } alarmEmail)
{
    // The alarms notify the stack's topic; this subscribes an address to it (the emulator creates no subscription).
    stack.WithParameter("AlarmEmail", alarmEmail);
}

if (builder.Configuration["Queue:VisibilityTimeoutSeconds"] is { } visibilityTimeout)
{
    // Tests shorten it so a killed worker's photos come back in seconds.
    stack.WithParameter("PhotoVisibilityTimeout", visibilityTimeout);
}

if (isLocal)
{
    var emulator = builder.AddMotoEmulator(
        "aws",
        builder.Configuration["Emulator:Command"] ?? "moto_server",
        builder.Configuration.GetValue("Emulator:Port", 4566));
    stack.WithEmulator(emulator, region);
    if (builder.Configuration["Emulator:RecordRequestsTo"] is { Length: > 0 } recordTo)
    {
        // For the integration tests' IAM check: every request the emulator answers, one JSON line each (request_log.py).
        emulator.WithArgs("--record-requests", Path.GetFullPath(recordTo));
    }

    // Photos, drinks, bars and upload statuses survive a restart (docs/local-development.md). The web app's key ring is not
    // users' data: "Reset local data" keeps it, so open pages' forms stay valid.
    var localData = builder.Configuration.GetSection("LocalData");
    if (localData.GetValue("Enabled", true))
    {
        emulator.WithLocalData(
            Path.GetFullPath(localData["Directory"] ?? Path.Combine(builder.AppHostDirectory, ".local-data")),
            localData.GetValue("StartEmpty", false),
            "data-protection/");
        stack.Resource.AfterDeploy.Add(async (deployed, target, logger, cancellationToken) =>
            await UnprocessedUploads.ResendAsync(deployed, target, logger, cancellationToken));
    }
}
else
{
    // Where the AWS CLI looks too: AWS:Region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region.
    stack.WithCloudTarget(AwsRegion.Resolve(aws["Region"], aws["Profile"]).Name, aws["Profile"]);
}

// Shared by web and API only: the API believes the browser address the web app forwards (for its per-client upload
// limit) only with this key. Generated per run unless configured (Parameters:client-forwarding-key).
var forwardingKey = builder.AddParameter("client-forwarding-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

// Moderators send it as X-Admin-Key to DELETE /api/admin/photos/{uploadId}; the dashboard shows it under Parameters.
var adminKey = builder.AddParameter("admin-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

// The worker presents it when it pushes upload outcomes to the web copies (docs/web.md, "Ready, pushed").
var outcomePushKey = builder.AddParameter("outcome-push-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

// Every API copy signs and checks list cursors (nextCursor) with it.
var cursorKey = builder.AddParameter("cursor-key", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);

var api = builder.AddProject<Projects.DrinkPipeline_Api>("api")
    .WithReference(stack)
    .WaitFor(stack)
    .WithEnvironment("ClientForwarding__Key", forwardingKey)
    .WithEnvironment("Admin__Key", adminKey)
    .WithEnvironment("Paging__CursorKey", cursorKey)
    .WithReplicas(Replicas("Api"))
    .WithHttpHealthCheck("/health");

// Limits are configuration, raised for load runs: dotnet run --project DrinkPipeline.AppHost -- --RateLimits:UploadsPerWindow=100000
foreach (var (key, value) in builder.Configuration.GetSection("RateLimits").AsEnumerable(makePathsRelative: true).Where(setting => setting.Value is not null))
{
    api.WithEnvironment($"RateLimits__{key.Replace(":", "__", StringComparison.Ordinal)}", value);
}

var worker = builder.AddProject<Projects.DrinkPipeline_Worker>("worker")
    // libvips allocates from many threads, and glibc gives threads their own malloc arenas (up to 8 per core) that
    // fragment and keep memory: peak RSS over 50 12 MP photos fell from 313 to 234 MB with two (docs/benchmarks.md).
    .WithEnvironment("MALLOC_ARENA_MAX", "2")
    .WithEnvironment("OutcomePush__Key", outcomePushKey)
    .WithReference(stack)
    .WaitFor(stack)
    .WithReplicas(Replicas("Worker"))
    .WithHttpHealthCheck("/health");

// Each service under its own least-privilege role, for its storage calls and its telemetry alike: always in the cloud;
// locally only on request (the emulator does not enforce IAM, but assuming the roles there exercises the same path and
// lets the integration tests check every call against its role).
if (!isLocal || builder.Configuration.GetValue("AWS:AssumeRoles", false))
{
    api.WithStackRole(stack, "ApiRoleArn");
    worker.WithStackRole(stack, "WorkerRoleArn");
    web.WithStackRole(stack, "WebRoleArn");
}

web.WithReference(api)
    .WithEnvironment("ClientForwarding__Key", forwardingKey)
    .WithEnvironment("OutcomePush__Key", outcomePushKey)
    // The log group for its telemetry; the bucket to name the storage origin in its Content Security Policy and to
    // keep its Data Protection key ring.
    .WithStackOutputs(stack, "LogGroupName", "BucketName")
    .WaitFor(api)
    .WithReplicas(Replicas("Web"))
    .WithHttpHealthCheck("/health");

builder.Build().Run();
