using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using System.Web;

namespace DrinkPipeline.IntegrationTests.Iam;

/// <summary>One grant of a service role: an action on a resource of one of its statements (by position, as a
/// stack's resource names differ from app to app).</summary>
public sealed record Grant(string Role, int Statement, string Action, int ResourceIndex);

/// <summary>What one app's AWS requests showed: what IAM would refuse or not understand, and which grants they used.</summary>
public sealed record AuditedApp(
    string Fixture,
    int CheckedRequests,
    IReadOnlyList<string> Findings,
    IReadOnlySet<Grant> Used,
    IReadOnlyDictionary<Grant, string> Granted,
    IReadOnlyDictionary<string, int> Requested);

/// <summary>
/// Every AWS request the services make in the integration tests, checked against their roles in the template: each
/// app fixture records its emulator's requests (request_log.py) and hands them here when it stops; IamAuditTests, run
/// after every app, reports. Only the services' requests are checked: those signed with an assumed role's keys, or
/// with the key the services are given to assume them with (which must do nothing else). The AppHost's and the
/// tests' own requests use the emulator's plain key.
/// </summary>
public static partial class AwsCallAudit
{
    /// <summary>The access key the tests give the services' processes: on AWS, what assumes the role.</summary>
    public const string ServiceBaseKey = "service-base-credentials";

    public const string Region = "us-east-1";

    /// <summary>moto's account.</summary>
    public const string Account = "123456789012";

    /// <summary>The service roles, by the stack output that names each one.</summary>
    private static readonly Dictionary<string, string> RoleOutputs = new()
    {
        ["ApiRoleArn"] = "ApiRole",
        ["WorkerRoleArn"] = "WorkerRole",
        ["WebRoleArn"] = "WebRole",
    };

    private static readonly ConcurrentQueue<AuditedApp> Audited = new();

    public static IReadOnlyList<AuditedApp> Apps => [.. Audited];

    public static void Add(AuditedApp app) => Audited.Enqueue(app);

    /// <summary>The app's audit; a failure to read it is reported by IamAuditTests, not thrown at the fixture's end.</summary>
    public static AuditedApp EvaluateOrReport(string fixture, string requestLog, IReadOnlyDictionary<string, string> stackOutputs, StackNames stack)
    {
        try
        {
            return Evaluate(fixture, requestLog, stackOutputs, stack);
        }
        catch (Exception exception) when (exception is NotSupportedException or IOException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            return new AuditedApp(fixture, 1, [$"the audit could not read this app's requests or roles: {exception.Message}"],
                new HashSet<Grant>(), new Dictionary<Grant, string>(), new Dictionary<string, int>());
        }
    }

    public static AuditedApp Evaluate(string fixture, string requestLog, IReadOnlyDictionary<string, string> stackOutputs, StackNames stack)
    {
        var template = StackTemplate.Loaded;
        var data = IamActionData.Shared;
        var roleByArn = RoleOutputs.ToDictionary(output => stackOutputs[output.Key], output => output.Value);
        var policies = RoleOutputs.Values.ToDictionary(role => role, role => RolePolicy.Read(template, role, stack));
        var granted = policies.Values.SelectMany(policy => policy.Statements)
            .Where(statement => statement.Allows)
            .SelectMany(statement => statement.Actions.SelectMany(action => statement.Resources.Select((resource, index) =>
                (Grant: new Grant(statement.Role, statement.Number, action, index), Text: $"{statement}: {action} on {resource}"))))
            .ToDictionary(grant => grant.Grant, grant => grant.Text);

        var findings = new List<(string Finding, RecordedRequest? Example)>();
        foreach (var action in granted.Keys.Select(grant => grant.Action).Distinct().Where(action => data.Action(action) is null))
        {
            findings.Add(($"the template grants {action}, which is not an IAM action", null));
        }

        var requests = RecordedRequest.ReadAll(requestLog);
        var roleByKey = requests
            .Where(request => request.IssuedAccessKey is not null)
            .ToDictionary(request => request.IssuedAccessKey!, request => roleByArn.GetValueOrDefault(
                HttpUtility.ParseQueryString(request.Body ?? "")["RoleArn"] ?? "", "an unknown role"));
        var used = new HashSet<Grant>();
        var requested = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastExport = new Dictionary<(string Role, string Path, string? Stream), RecordedRequest>();
        var checkedRequests = 0;
        foreach (var request in requests.Where(request => request.Method != "OPTIONS" && !request.Path.StartsWith("/moto-api", StringComparison.Ordinal)))
        {
            if (request.AccessKey == ServiceBaseKey)
            {
                if (request.Service != "sts")
                {
                    findings.Add(("a service signed with its process's own credentials instead of its role's", request));
                }

                continue;
            }

            // Unsigned (the AppHost's dashboard commands, the tests' anonymous probes) or the emulator's plain key
            // (the AppHost's and the tests' own clients): not a service's. The services' SDK clients always sign.
            if (request.AccessKey is null || !roleByKey.TryGetValue(request.AccessKey, out var role))
            {
                continue;
            }

            checkedRequests++;
            if (!policies.TryGetValue(role, out var policy))
            {
                findings.Add(($"a request as {role}", request));
                continue;
            }

            // The emulator's OTLP endpoints answer as AWS's do: a log export to a group or stream that does not exist
            // is refused (finding 7 of issue 23: nothing created the stream). Judged by each destination's last
            // export: while a restarted emulator's stack is made again, a few are refused and the next ones go through.
            if (request.Path.StartsWith("/v1/", StringComparison.Ordinal))
            {
                lastExport[(role, request.Path, request.Headers.GetValueOrDefault("HTTP_X_AWS_LOG_STREAM"))] = request;
            }

            var (permissions, unreadable) = AwsRequestPermissions.For(request, Region, Account);
            if (unreadable is not null)
            {
                findings.Add(($"{role}: {unreadable}", request));
            }

            foreach (var permission in permissions)
            {
                if (data.Contradiction(permission) is { } contradiction)
                {
                    findings.Add(($"{role}: {contradiction}", request));
                }

                var resource = Generalized(permission.Resource, stack);
                var line = $"{role} {permission.Action} on {resource}{(permission.Context.Count > 0 ? " [" + string.Join(", ", permission.Context.Select(pair => $"{pair.Key}={pair.Value}")) + "]" : "")} ({permission.Why})";
                requested[line] = requested.GetValueOrDefault(line) + 1;
                var granting = PolicyEvaluation.Granting(policy, permission);
                if (granting.Count == 0)
                {
                    findings.Add(($"{role} is denied {permission.Action} ({permission.Why}) on {resource}", request));
                }

                foreach (var statement in granting)
                {
                    for (var a = 0; a < statement.Actions.Count; a++)
                    {
                        for (var r = 0; r < statement.Resources.Count; r++)
                        {
                            if (PolicyEvaluation.Covers(statement, statement.Actions[a], statement.Resources[r], permission))
                            {
                                used.Add(new Grant(role, statement.Number, statement.Actions[a], r));
                            }
                        }
                    }
                }
            }
        }

        findings.AddRange(lastExport.Where(export => export.Value.Status != 200).Select(export =>
            ($"{export.Key.Role}: the OTLP endpoint refused the last export ({export.Value.Status})", (RecordedRequest?)export.Value)));

        return new AuditedApp(
            fixture,
            checkedRequests,
            [.. findings.GroupBy(finding => finding.Finding).Select(group =>
                $"{group.Key}{(group.First().Example is { } example ? $": {group.Count()} request(s), e.g. {example}" : "")}")],
            used,
            granted,
            requested);
    }

    /// <summary>
    /// A resource as the report and the messages name it: the stack's names as their logical ids, longest first (so
    /// the stack's own name, inside many others, comes last, and not at all alone), and an object key by its first
    /// folder ("{PhotoBucket}/uploads/…").
    /// </summary>
    private static string Generalized(string resource, StackNames stack)
    {
        var named = stack.PhysicalIds
            .Where(pair => pair.Value.Length > 3 && pair.Value != stack.StackName && !pair.Value.Contains('/', StringComparison.Ordinal))
            .OrderByDescending(pair => pair.Value.Length)
            .Aggregate(resource, (text, pair) => text.Replace(pair.Value, "{" + pair.Key + "}", StringComparison.Ordinal));
        return ObjectKey().Replace(named, "$1/…");
    }

    [GeneratedRegex(@"^(arn:aws:s3:::[^/]+/[^/]+)/.+$")]
    private static partial Regex ObjectKey();

    /// <summary>The stack's physical resource ids, read from the emulator's CloudFormation.</summary>
    public static async Task<StackNames> ReadStackAsync(string emulatorUrl, string stackName, CancellationToken cancellationToken)
    {
        var described = await AwsCli.JsonAsync(emulatorUrl, cancellationToken, "cloudformation", "describe-stack-resources", "--stack-name", stackName);
        var ids = described["StackResources"]!.AsArray()
            .Where(resource => resource!["PhysicalResourceId"] is not null)
            .ToDictionary(resource => resource!["LogicalResourceId"]!.GetValue<string>(), resource => resource!["PhysicalResourceId"]!.GetValue<string>());
        return new StackNames(stackName, Region, Account, ids);
    }
}
