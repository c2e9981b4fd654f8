using System.Xml.Linq;
using static DrinkPipeline.AppHost.CloudFormation.QueryXml;

namespace DrinkPipeline.AppHost.CloudFormation;

public sealed record StackDescription(
    string Status,
    string? StatusReason,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyDictionary<string, string> Parameters);

/// <summary>The CloudFormation calls a deployment needs.</summary>
public interface ICloudFormationApi
{
    Task<StackDescription?> DescribeStackAsync(string stackName, CancellationToken cancellationToken);

    Task CreateStackAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters,
        CancellationToken cancellationToken);

    /// <summary>Returns false when CloudFormation reports that nothing changed.</summary>
    Task<bool> UpdateStackAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters,
        CancellationToken cancellationToken);

    Task DeleteStackAsync(string stackName, CancellationToken cancellationToken);
}

/// <summary>One resource a change set would add, modify or remove.</summary>
public sealed record PlannedChange(string Action, string LogicalId, string ResourceType, string? Replacement);

/// <summary>A change set as CloudFormation describes it.</summary>
public sealed record ChangeSetDescription(string Status, string? StatusReason, IReadOnlyList<PlannedChange> Changes);

/// <summary>The change-set calls of a plan: made, read and deleted, never executed.</summary>
public interface ICloudFormationChangeSets
{
    /// <summary>Starts a change set: <c>type</c> is CREATE for a stack that does not exist yet, UPDATE otherwise.</summary>
    Task CreateChangeSetAsync(string stackName, string changeSetName, string type, string templateBody,
        IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken);

    Task<ChangeSetDescription> DescribeChangeSetAsync(string stackName, string changeSetName, CancellationToken cancellationToken);

    Task DeleteChangeSetAsync(string stackName, string changeSetName, CancellationToken cancellationToken);
}

/// <summary>
/// The few CloudFormation Query API calls the AppHost needs, SigV4-signed with AWSSDK.Core's signer
/// (AWSSDK.CloudFormation is not available to this project).
/// </summary>
public sealed class CloudFormationApi(HttpClient http, AwsTarget target) : ICloudFormationApi, ICloudFormationChangeSets
{
    private readonly AwsQueryClient query = new(http, target, "cloudformation", "2010-05-15");

    public async Task<StackDescription?> DescribeStackAsync(string stackName, CancellationToken cancellationToken)
    {
        try
        {
            var result = await CallAsync("DescribeStacks", [new("StackName", stackName)], cancellationToken);
            var stack = Children(Descendant(result, "Stacks"), "member").FirstOrDefault();
            if (stack is null)
            {
                return null;
            }

            return new StackDescription(
                Child(stack, "StackStatus") ?? "UNKNOWN",
                Child(stack, "StackStatusReason"),
                Pairs(Children(stack, "Outputs").FirstOrDefault(), "OutputKey", "OutputValue"),
                Pairs(Children(stack, "Parameters").FirstOrDefault(), "ParameterKey", "ParameterValue"));
        }
        catch (AwsQueryException exception) when (exception.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            return null;
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> DescribeStackResourcesAsync(string stackName, CancellationToken cancellationToken)
    {
        var result = await CallAsync("DescribeStackResources", [new("StackName", stackName)], cancellationToken);
        // The emulator lists the resources it skipped (alarms, queue policies) without ids: leave those out.
        return Children(Descendant(result, "StackResources"), "member")
            .Select(member => (Logical: Child(member, "LogicalResourceId"), Physical: Child(member, "PhysicalResourceId")))
            .Where(resource => !string.IsNullOrEmpty(resource.Logical))
            .ToDictionary(resource => resource.Logical!, resource => resource.Physical ?? "", StringComparer.Ordinal);
    }

    public Task CreateStackAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters,
        CancellationToken cancellationToken) =>
        CallAsync("CreateStack", StackArguments(stackName, templateBody, parameters), cancellationToken);

    public async Task<bool> UpdateStackAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters,
        CancellationToken cancellationToken)
    {
        try
        {
            await CallAsync("UpdateStack", StackArguments(stackName, templateBody, parameters), cancellationToken);
            return true;
        }
        catch (AwsQueryException exception) when (exception.Message.Contains("No updates are to be performed", StringComparison.Ordinal))
        {
            return false;
        }
    }

    public Task DeleteStackAsync(string stackName, CancellationToken cancellationToken) =>
        CallAsync("DeleteStack", [new("StackName", stackName)], cancellationToken);

    public Task CreateChangeSetAsync(string stackName, string changeSetName, string type, string templateBody,
        IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var arguments = StackArguments(stackName, templateBody, parameters);
        arguments.Add(new("ChangeSetName", changeSetName));
        arguments.Add(new("ChangeSetType", type));
        return CallAsync("CreateChangeSet", arguments, cancellationToken);
    }

    public async Task<ChangeSetDescription> DescribeChangeSetAsync(string stackName, string changeSetName, CancellationToken cancellationToken)
    {
        var result = await CallAsync("DescribeChangeSet", [new("StackName", stackName), new("ChangeSetName", changeSetName)], cancellationToken);
        var changes = Children(Descendant(result, "Changes"), "member")
            .Select(change => Children(change, "ResourceChange").FirstOrDefault())
            .OfType<XElement>()
            .Select(change => new PlannedChange(
                Child(change, "Action") ?? "",
                Child(change, "LogicalResourceId") ?? "",
                Child(change, "ResourceType") ?? "",
                Child(change, "Replacement")))
            .ToList();
        var changeSet = Descendant(result, "DescribeChangeSetResult")!;
        return new ChangeSetDescription(Child(changeSet, "Status") ?? "UNKNOWN", Child(changeSet, "StatusReason"), changes);
    }

    public Task DeleteChangeSetAsync(string stackName, string changeSetName, CancellationToken cancellationToken) =>
        CallAsync("DeleteChangeSet", [new("StackName", stackName), new("ChangeSetName", changeSetName)], cancellationToken);

    private static List<KeyValuePair<string, string>> StackArguments(
        string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters)
    {
        var arguments = new List<KeyValuePair<string, string>>
        {
            new("StackName", stackName),
            new("TemplateBody", templateBody),
            new("Capabilities.member.1", "CAPABILITY_NAMED_IAM"),
        };
        var index = 1;
        foreach (var (key, value) in parameters.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            arguments.Add(new($"Parameters.member.{index}.ParameterKey", key));
            arguments.Add(new($"Parameters.member.{index}.ParameterValue", value));
            index++;
        }

        return arguments;
    }

    private Task<XElement> CallAsync(string action, List<KeyValuePair<string, string>> arguments, CancellationToken cancellationToken) =>
        query.CallAsync(action, arguments, cancellationToken);

    private static Dictionary<string, string> Pairs(XElement? list, string keyName, string valueName) =>
        Children(list, "member").ToDictionary(
            member => Child(member, keyName) ?? "",
            member => Child(member, valueName) ?? "",
            StringComparer.Ordinal);
}
