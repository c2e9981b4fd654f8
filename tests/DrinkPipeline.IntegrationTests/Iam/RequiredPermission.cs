namespace DrinkPipeline.IntegrationTests.Iam;

/// <summary>
/// One IAM permission a request needs: the action, the resource's ARN ("*" for an action without resource-level
/// permission) and the request's values of the condition keys a policy here may test.
/// </summary>
public sealed record RequiredPermission(string Action, string Resource, IReadOnlyDictionary<string, string> Context, string Why)
{
    public static RequiredPermission Of(string action, string resource, string why, params (string Key, string Value)[] context) =>
        new(action, resource, context.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase), why);

    public string Service => Action[..Action.IndexOf(':', StringComparison.Ordinal)];

    public override string ToString() =>
        $"{Action} on {Resource}{(Context.Count > 0 ? " [" + string.Join(", ", Context.Select(pair => $"{pair.Key}={pair.Value}")) + "]" : "")}";
}
