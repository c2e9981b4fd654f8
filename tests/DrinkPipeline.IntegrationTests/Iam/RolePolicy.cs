using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.IntegrationTests.Iam;

/// <summary>One statement of a role's policies, its ARNs resolved against the deployed stack.</summary>
public sealed record PolicyStatement(
    string Role,
    int Number,
    bool Allows,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Resources,
    IReadOnlyList<(string Operator, string Key, IReadOnlyList<string> Values)> Conditions)
{
    public override string ToString() => $"{Role} statement {Number}";
}

/// <summary>
/// A service role of the template (its inline policies and the template's managed policies it attaches), read from the
/// template itself, not from the emulator's IAM: the template is what AWS will get. Resolves the intrinsics its
/// policies use (Ref, Fn::GetAtt Arn, Fn::Sub) from the stack's physical resource ids.
/// </summary>
public sealed partial class RolePolicy
{
    private RolePolicy(string role, IReadOnlyList<PolicyStatement> statements)
    {
        Role = role;
        Statements = statements;
    }

    public string Role { get; }

    public IReadOnlyList<PolicyStatement> Statements { get; }

    /// <summary>A policy of the given statements (for the audit's own tests).</summary>
    public static RolePolicy Of(string role, IReadOnlyList<PolicyStatement> statements) => new(role, statements);

    public static RolePolicy Read(CloudFormationTemplate template, string role, StackNames stack)
    {
        var resources = template.Root["Resources"]!.AsObject();
        var properties = resources[role]!["Properties"]!.AsObject();
        var documents = (properties["Policies"]?.AsArray() ?? []).Select(policy => policy!["PolicyDocument"]!)
            .Concat((properties["ManagedPolicyArns"]?.AsArray() ?? []).Select(reference =>
            {
                var logicalId = reference!["Ref"]?.GetValue<string>() ?? throw new NotSupportedException($"{role}: only the template's own managed policies are read");
                return resources[logicalId]!["Properties"]!["PolicyDocument"]!;
            }));
        var statements = new List<PolicyStatement>();
        foreach (var statement in documents.SelectMany(document => document["Statement"]!.AsArray()).Select(node => node!.AsObject()))
        {
            if (statement.ContainsKey("NotAction") || statement.ContainsKey("NotResource") || statement.ContainsKey("NotPrincipal"))
            {
                throw new NotSupportedException($"{role}: NotAction, NotResource and NotPrincipal are not evaluated here");
            }

            statements.Add(new PolicyStatement(
                role,
                statements.Count + 1,
                statement["Effect"]!.GetValue<string>() == "Allow",
                [.. Strings(statement["Action"])],
                [.. Strings(statement["Resource"]).Concat(ResourceNodes(statement["Resource"]).Select(node => stack.Resolve(template, node)))],
                [.. (statement["Condition"]?.AsObject() ?? []).SelectMany(condition => condition.Value!.AsObject()
                    .Select(test => (condition.Key, test.Key, (IReadOnlyList<string>)[.. Strings(test.Value)])))]));
        }

        return new RolePolicy(role, statements);
    }

    /// <summary>The plain strings of a string-or-list node (intrinsics are left to <see cref="ResourceNodes"/>).</summary>
    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonValue value => [value.GetValue<string>()],
        JsonArray list => list.OfType<JsonValue>().Select(value => value.GetValue<string>()),
        _ => [],
    };

    private static IEnumerable<JsonObject> ResourceNodes(JsonNode? node) => node switch
    {
        JsonObject intrinsic => [intrinsic],
        JsonArray list => list.OfType<JsonObject>(),
        _ => [],
    };
}

/// <summary>The stack's names for resolving ARNs: its physical resource ids, region, account and name.</summary>
public sealed partial record StackNames(string StackName, string Region, string Account, IReadOnlyDictionary<string, string> PhysicalIds)
{
    public string Resolve(CloudFormationTemplate template, JsonNode node) => node switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonObject reference when reference["Ref"] is { } name => Ref(template, name.GetValue<string>()),
        JsonObject getAtt when getAtt["Fn::GetAtt"] is JsonArray { Count: 2 } pair => Attribute(template, pair[0]!.GetValue<string>(), pair[1]!.GetValue<string>()),
        JsonObject sub when sub["Fn::Sub"] is JsonValue text => Substitution().Replace(text.GetValue<string>(), match =>
            match.Groups[1].Value.Split('.', 2) is [var logicalId, var attribute] ? Attribute(template, logicalId, attribute) : Ref(template, match.Groups[1].Value)),
        _ => throw new NotSupportedException($"Cannot resolve {node.ToJsonString()}"),
    };

    private string Ref(CloudFormationTemplate template, string name) => name switch
    {
        "AWS::Partition" => "aws",
        "AWS::Region" => Region,
        "AWS::AccountId" => Account,
        "AWS::StackName" => StackName,
        // The emulator's CloudFormation skips log streams (the AppHost creates them): Ref of one is its name.
        _ when Type(template, name) == "AWS::Logs::LogStream" => template.Root["Resources"]![name]!["Properties"]!["LogStreamName"]!.GetValue<string>(),
        _ => PhysicalIds.TryGetValue(name, out var id) ? id : throw new NotSupportedException($"No physical id for {name}"),
    };

    private string Attribute(CloudFormationTemplate template, string logicalId, string attribute)
    {
        if (attribute != "Arn")
        {
            throw new NotSupportedException($"Fn::GetAtt {logicalId}.{attribute} is not resolved here");
        }

        var id = Ref(template, logicalId);
        return Type(template, logicalId) switch
        {
            "AWS::S3::Bucket" => $"arn:aws:s3:::{id}",
            "AWS::DynamoDB::Table" => $"arn:aws:dynamodb:{Region}:{Account}:table/{id}",
            "AWS::SQS::Queue" => $"arn:aws:sqs:{Region}:{Account}:{id.TrimEnd('/')[(id.TrimEnd('/').LastIndexOf('/') + 1)..]}",
            "AWS::Logs::LogGroup" => $"arn:aws:logs:{Region}:{Account}:log-group:{id}:*",
            var type => throw new NotSupportedException($"Fn::GetAtt {logicalId}.Arn of a {type} is not resolved here"),
        };
    }

    private static string? Type(CloudFormationTemplate template, string logicalId) =>
        template.Root["Resources"]![logicalId]?["Type"]?.GetValue<string>();

    [GeneratedRegex(@"\$\{([^}!]+)\}")]
    private static partial Regex Substitution();
}
