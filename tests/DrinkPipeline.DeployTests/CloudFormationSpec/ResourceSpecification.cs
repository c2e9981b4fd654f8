using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DrinkPipeline.DeployTests.CloudFormationSpec;

/// <summary>
/// AWS's CloudFormation resource specification (slimmed by tools/cfn-spec/update.sh) and a check of a template against
/// it: every resource type, every property name at every depth, required properties, and every <c>Fn::GetAtt</c>
/// attribute (also inside <c>Fn::Sub</c>). The emulator's CloudFormation ignores what it does not know, so a misspelled
/// property passes it and fails only on AWS; this is what catches it. Both branches of an <c>Fn::If</c> are checked;
/// other intrinsic functions are not evaluated: a value built by one is accepted wherever a value may stand.
/// </summary>
public sealed partial class ResourceSpecification
{
    private readonly JsonObject resources;
    private readonly JsonObject types;

    private ResourceSpecification(JsonObject root)
    {
        Source = root["source"]!.GetValue<string>();
        resources = root["resources"]!.AsObject();
        types = root["types"]!.AsObject();
    }

    /// <summary>Which release of the specification this is (the npm package and version).</summary>
    public string Source { get; }

    public static ResourceSpecification Load(string gzipPath)
    {
        using var file = File.OpenRead(gzipPath);
        using var json = new GZipStream(file, CompressionMode.Decompress);
        return new ResourceSpecification(JsonNode.Parse(json)!.AsObject());
    }

    /// <summary>Everything in the template that AWS would refuse by the specification, one line each; empty when none.</summary>
    public IReadOnlyList<string> Check(JsonObject template)
    {
        var problems = new List<string>();
        var resourceTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (logicalId, resource) in template["Resources"]?.AsObject() ?? [])
        {
            var type = resource?["Type"]?.GetValue<string>() ?? "";
            resourceTypes[logicalId] = type;
            var path = $"Resources.{logicalId}";
            if (resources[type] is not JsonObject definition)
            {
                problems.Add($"{path}: no resource type '{type}'");
                continue;
            }

            CheckObject($"{path}.Properties", type, definition["properties"]!.AsObject(), resource!["Properties"] as JsonObject ?? [], problems);
        }

        CheckAttributeReferences(template, resourceTypes, problems);
        return problems;
    }

    private void CheckObject(string path, string typeName, JsonObject properties, JsonObject value, List<string> problems)
    {
        foreach (var (name, child) in value)
        {
            if (properties[name] is JsonObject property)
            {
                CheckValue($"{path}.{name}", property["type"]!.AsObject(), child, problems);
            }
            else
            {
                var near = properties.Select(candidate => candidate.Key)
                    .FirstOrDefault(candidate => string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase) || Distance(candidate, name) <= 2);
                problems.Add($"{path}: {typeName} has no property '{name}'{(near is null ? "" : $" (did you mean '{near}'?)")}");
            }
        }

        foreach (var (name, property) in properties)
        {
            if (property!["required"]!.GetValue<bool>() && !value.ContainsKey(name))
            {
                problems.Add($"{path}: {typeName} requires '{name}'");
            }
        }
    }

    private void CheckValue(string path, JsonObject type, JsonNode? value, List<string> problems)
    {
        // Either branch of a condition may be the value, so both must fit (AWS::NoValue, a Ref, fits anywhere).
        if (value is JsonObject { Count: 1 } condition && condition["Fn::If"] is JsonArray { Count: 3 } branches)
        {
            CheckValue(path, type, branches[1], problems);
            CheckValue(path, type, branches[2], problems);
            return;
        }

        if (value is null || IsIntrinsic(value))
        {
            return;
        }

        switch (type["type"]!.GetValue<string>())
        {
            case "ref":
                var definition = types[type["reference"]!["$ref"]!.GetValue<string>()]!;
                if (value is JsonObject nested)
                {
                    CheckObject(path, definition["name"]?.GetValue<string>() ?? "the property type", definition["properties"]!.AsObject(), nested, problems);
                }
                else
                {
                    problems.Add($"{path}: expected an object ({definition["name"]})");
                }

                break;
            case "array":
                if (value is JsonArray items)
                {
                    for (var i = 0; i < items.Count; i++)
                    {
                        CheckValue($"{path}[{i}]", type["element"]!.AsObject(), items[i], problems);
                    }
                }
                else
                {
                    problems.Add($"{path}: expected a list");
                }

                break;
            case "map":
                if (value is JsonObject map)
                {
                    foreach (var (key, entry) in map)
                    {
                        CheckValue($"{path}.{key}", type["element"]!.AsObject(), entry, problems);
                    }
                }
                else
                {
                    problems.Add($"{path}: expected a map");
                }

                break;
            case "union":
                // Valid when any member type takes it; otherwise the closest member's complaints.
                var attempts = type["types"]!.AsArray().Select(member =>
                {
                    var found = new List<string>();
                    CheckValue(path, member!.AsObject(), value, found);
                    return found;
                }).ToList();
                if (attempts.All(found => found.Count > 0))
                {
                    problems.AddRange(attempts.MinBy(found => found.Count)!);
                }

                break;
            case "tag":
                if (value is JsonObject tag)
                {
                    CheckObject(path, "Tag", TagProperties, tag, problems);
                }
                else
                {
                    problems.Add($"{path}: expected a tag {{Key, Value}}");
                }

                break;
            case "json":
                break;
            default: // string, integer, number, boolean, date-time
                if (value is JsonObject or JsonArray)
                {
                    problems.Add($"{path}: expected a {type["type"]}, not {(value is JsonArray ? "a list" : "an object")}");
                }

                break;
        }
    }

    private static readonly JsonObject TagProperties = new()
    {
        ["Key"] = new JsonObject { ["type"] = new JsonObject { ["type"] = "string" }, ["required"] = true },
        ["Value"] = new JsonObject { ["type"] = new JsonObject { ["type"] = "string" }, ["required"] = true },
    };

    /// <summary><c>Fn::GetAtt</c> and <c>${Resource.Attribute}</c> in <c>Fn::Sub</c>, anywhere in the template.</summary>
    private void CheckAttributeReferences(JsonNode? node, Dictionary<string, string> resourceTypes, List<string> problems)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (key == "Fn::GetAtt")
                    {
                        var (logicalId, attribute) = child switch
                        {
                            JsonArray pair => (pair[0]!.GetValue<string>(), pair[1]!.GetValue<string>()),
                            _ => Split(child!.GetValue<string>()),
                        };
                        CheckAttribute(logicalId, attribute, resourceTypes, problems);
                    }
                    else if (key == "Fn::Sub")
                    {
                        var text = child is JsonArray withVariables ? withVariables[0]!.GetValue<string>() : child!.GetValue<string>();
                        foreach (Match reference in SubReference().Matches(text))
                        {
                            if (resourceTypes.ContainsKey(reference.Groups["id"].Value))
                            {
                                CheckAttribute(reference.Groups["id"].Value, reference.Groups["attribute"].Value, resourceTypes, problems);
                            }
                        }
                    }

                    CheckAttributeReferences(child, resourceTypes, problems);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    CheckAttributeReferences(child, resourceTypes, problems);
                }

                break;
        }
    }

    private void CheckAttribute(string logicalId, string attribute, Dictionary<string, string> resourceTypes, List<string> problems)
    {
        if (!resourceTypes.TryGetValue(logicalId, out var type))
        {
            problems.Add($"Fn::GetAtt {logicalId}.{attribute}: no resource '{logicalId}'");
        }
        else if (resources[type]?["attributes"]?.AsArray().Any(name => name!.GetValue<string>() == attribute) == false)
        {
            problems.Add($"Fn::GetAtt {logicalId}.{attribute}: {type} has no attribute '{attribute}'");
        }
    }

    private static (string, string) Split(string dotted) => dotted.IndexOf('.', StringComparison.Ordinal) is var dot and > 0
        ? (dotted[..dot], dotted[(dot + 1)..])
        : (dotted, "");

    private static bool IsIntrinsic(JsonNode value) =>
        value is JsonObject { Count: 1 } obj && obj.First().Key is var key && (key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal));

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"\$\{(?<id>[A-Za-z0-9]+)\.(?<attribute>[A-Za-z0-9.]+)\}")]
    private static partial Regex SubReference();
}
