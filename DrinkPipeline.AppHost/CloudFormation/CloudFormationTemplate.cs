using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>
/// A CloudFormation template read as a JSON tree, so the AppHost can apply locally what the emulator skips. Supports
/// the long-form intrinsics the template uses: <c>Ref</c> (parameters, pseudo parameters, resources,
/// <c>AWS::NoValue</c>), <c>Fn::GetAtt</c> of attributes the stack also exports as outputs, the string form of
/// <c>Fn::Sub</c> over both, and <c>Fn::If</c> on the template's conditions.
/// </summary>
public sealed partial class CloudFormationTemplate
{
    private CloudFormationTemplate(string body, JsonObject root)
    {
        Body = body;
        Root = root;
    }

    /// <summary>
    /// What is sent to CloudFormation: the template as compact JSON, with YAML's types (numbers, booleans) kept. The
    /// commented YAML is over CloudFormation's 51,200-byte limit for a template passed inline; this is well under it
    /// and needs no S3 bucket for the template.
    /// </summary>
    public string Body { get; }

    public JsonObject Root { get; }

    public IEnumerable<string> OutputKeys => (Root["Outputs"] as JsonObject)?.Select(pair => pair.Key) ?? [];

    /// <summary>Largest template CloudFormation accepts inline (TemplateBody), in bytes.</summary>
    public const int MaxInlineBytes = 51_200;

    public static CloudFormationTemplate Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        var yaml = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
            ?? throw new InvalidOperationException($"{path} is not a CloudFormation template (no top-level mapping).");
        return new CloudFormationTemplate(ToJson(yaml, typed: true)!.ToJsonString(), (JsonObject)ToJson(yaml, typed: false)!);
    }

    /// <summary>The resources of one type, by logical id.</summary>
    public IEnumerable<(string LogicalId, JsonObject Properties)> Resources(string type) =>
        (Root["Resources"] as JsonObject ?? [])
            .Where(pair => pair.Value?["Type"]?.GetValue<string>() == type)
            .Select(pair => (pair.Key, pair.Value!["Properties"] as JsonObject ?? []));

    /// <summary>
    /// Replaces intrinsic functions in a copy of <paramref name="node"/> with values from the deployed stack. Null when
    /// the node is <c>AWS::NoValue</c> (as a property: the property is absent); such list items and fields are dropped.
    /// </summary>
    public JsonNode? Resolve(JsonNode? node, DeployedStack stack)
    {
        switch (node)
        {
            case JsonObject { Count: 1 } single when single["Ref"] is JsonValue noValue && noValue.GetValue<string>() == "AWS::NoValue":
                return null;
            case JsonObject { Count: 1 } single when single["Fn::If"] is JsonArray { Count: 3 } choice:
                return Resolve(IsTrue(choice[0]!.GetValue<string>(), stack) ? choice[1] : choice[2], stack);
            case JsonObject { Count: 1 } single when single.ContainsKey("Ref"):
                return JsonValue.Create(ResolveRef(single["Ref"]!.GetValue<string>(), stack));
            case JsonObject { Count: 1 } single when single.ContainsKey("Fn::GetAtt"):
                return JsonValue.Create(ResolveGetAtt(single, stack));
            case JsonObject { Count: 1 } single when single["Fn::Sub"] is JsonValue text:
                return JsonValue.Create(Substitution().Replace(text.GetValue<string>(), match => match.Groups[1].Value is var name && name.Contains('.', StringComparison.Ordinal)
                    ? ResolveGetAtt(new JsonObject { ["Fn::GetAtt"] = new JsonArray([.. name.Split('.', 2).Select(part => JsonValue.Create(part))]) }, stack)
                    : ResolveRef(name, stack)));
            case JsonObject obj:
                var resolved = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (Resolve(value, stack) is { } field)
                    {
                        resolved[key] = field;
                    }
                }

                return resolved;
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Resolve(item, stack)).OfType<JsonNode>()]);
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>Evaluates one of the template's conditions (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition).</summary>
    public bool IsTrue(string condition, DeployedStack stack) =>
        Evaluate(Root["Conditions"]?[condition] ?? throw new InvalidOperationException($"The template has no condition '{condition}'."), stack);

    private bool Evaluate(JsonNode condition, DeployedStack stack) => condition switch
    {
        JsonObject { Count: 1 } named when named["Condition"] is JsonValue name => IsTrue(name.GetValue<string>(), stack),
        JsonObject { Count: 1 } equals when equals["Fn::Equals"] is JsonArray { Count: 2 } pair =>
            JsonNode.DeepEquals(Resolve(pair[0], stack), Resolve(pair[1], stack)),
        JsonObject { Count: 1 } negation when negation["Fn::Not"] is JsonArray { Count: 1 } operand => !Evaluate(operand[0]!, stack),
        JsonObject { Count: 1 } all when all["Fn::And"] is JsonArray operands => operands.All(operand => Evaluate(operand!, stack)),
        JsonObject { Count: 1 } any when any["Fn::Or"] is JsonArray alternatives => alternatives.Any(alternative => Evaluate(alternative!, stack)),
        _ => throw new InvalidOperationException($"Cannot evaluate the condition {condition.ToJsonString()}."),
    };

    private string ResolveRef(string name, DeployedStack stack) => name switch
    {
        "AWS::Region" => stack.Region,
        "AWS::StackName" => stack.StackName,
        _ when stack.Parameters.TryGetValue(name, out var parameter) => parameter,
        _ when Root["Parameters"]?[name]?["Default"] is { } defaultValue => defaultValue.GetValue<string>(),
        _ when stack.PhysicalIds.TryGetValue(name, out var physicalId) => physicalId,
        _ => throw new InvalidOperationException($"Cannot resolve Ref '{name}' from the deployed stack."),
    };

    private string ResolveGetAtt(JsonObject getAtt, DeployedStack stack)
    {
        // An attribute the stack exports is read from its outputs: the deployed stack is the authority.
        var output = (Root["Outputs"] as JsonObject ?? [])
            .FirstOrDefault(pair => JsonNode.DeepEquals(pair.Value?["Value"], getAtt));
        if (output.Key is not null && stack.Outputs.TryGetValue(output.Key, out var value))
        {
            return value;
        }

        throw new InvalidOperationException(
            $"Cannot resolve {getAtt.ToJsonString()} locally: export it as a stack output so the AppHost can read it.");
    }

    [GeneratedRegex(@"\$\{([^}!]+)\}")]
    private static partial Regex Substitution();

    /// <summary>
    /// The YAML as JSON. <paramref name="typed"/>: as CloudFormation reads it, a plain (unquoted) scalar may be a
    /// boolean, a number or null. Otherwise every scalar is its text (what the AppHost's own readers compare).
    /// </summary>
    private static JsonNode? ToJson(YamlNode node, bool typed) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            new KeyValuePair<string, JsonNode?>(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value, typed)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(item => ToJson(item, typed))]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var plain } when typed => plain switch
        {
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when PlainInteger().IsMatch(plain!) => JsonValue.Create(long.Parse(plain!, CultureInfo.InvariantCulture)),
            _ when PlainDecimal().IsMatch(plain!) => JsonValue.Create(decimal.Parse(plain!, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(plain),
        },
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new InvalidOperationException($"Unsupported YAML node at {node.Start}: the template uses mappings, lists and scalars only."),
    };

    [GeneratedRegex(@"^-?[0-9]+$")]
    private static partial Regex PlainInteger();

    [GeneratedRegex(@"^-?[0-9]+\.[0-9]+$")]
    private static partial Regex PlainDecimal();
}

/// <summary>What the AppHost knows of a stack after deploying it.</summary>
public sealed record DeployedStack(
    string StackName,
    string Region,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyDictionary<string, string> PhysicalIds);
