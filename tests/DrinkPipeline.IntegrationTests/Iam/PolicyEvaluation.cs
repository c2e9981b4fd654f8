using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace DrinkPipeline.IntegrationTests.Iam;

/// <summary>
/// IAM's evaluation of identity policies, for what the template's roles use: Allow and Deny statements, actions and
/// resources with * and ? wildcards, and the StringEquals / StringLike conditions. A condition on a key the request
/// does not carry does not match (as in IAM). Anything else in a policy is refused rather than guessed.
/// </summary>
public static class PolicyEvaluation
{
    /// <summary>The Allow statements that grant <paramref name="permission"/>; empty when it is denied.</summary>
    public static IReadOnlyList<PolicyStatement> Granting(RolePolicy policy, RequiredPermission permission)
    {
        var matching = policy.Statements.Where(statement => Matches(statement, permission)).ToList();
        return matching.Any(statement => !statement.Allows) ? [] : matching;
    }

    private static bool Matches(PolicyStatement statement, RequiredPermission permission) =>
        statement.Actions.Any(action => Wildcard(action, ignoreCase: true).IsMatch(permission.Action)) &&
        statement.Resources.Any(resource => Wildcard(resource, ignoreCase: false).IsMatch(permission.Resource)) &&
        statement.Conditions.All(condition => Holds(condition, permission));

    /// <summary>Whether <paramref name="statement"/>'s <paramref name="action"/> on <paramref name="resource"/> covers the permission.</summary>
    public static bool Covers(PolicyStatement statement, string action, string resource, RequiredPermission permission) =>
        Wildcard(action, ignoreCase: true).IsMatch(permission.Action) &&
        Wildcard(resource, ignoreCase: false).IsMatch(permission.Resource) &&
        statement.Conditions.All(condition => Holds(condition, permission));

    private static bool Holds((string Operator, string Key, IReadOnlyList<string> Values) condition, RequiredPermission permission)
    {
        if (!permission.Context.TryGetValue(condition.Key, out var value))
        {
            return false;
        }

        return condition.Operator switch
        {
            "StringEquals" => condition.Values.Contains(value, StringComparer.Ordinal),
            "StringLike" => condition.Values.Any(pattern => Wildcard(pattern, ignoreCase: false).IsMatch(value)),
            _ => throw new NotSupportedException($"The condition operator {condition.Operator} is not evaluated here"),
        };
    }

    /// <summary>A policy's few patterns are matched against thousands of requests: each is made once.</summary>
    private static readonly ConcurrentDictionary<(string Pattern, bool IgnoreCase), Regex> Patterns = new();

    private static Regex Wildcard(string pattern, bool ignoreCase) =>
        Patterns.GetOrAdd((pattern, ignoreCase), key => new Regex(
            "^" + Regex.Escape(key.Pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            key.IgnoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.CultureInvariant));
}
