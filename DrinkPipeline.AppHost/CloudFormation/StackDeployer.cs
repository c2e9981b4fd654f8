using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DrinkPipeline.AppHost.CloudFormation;

/// <summary>
/// Creates or updates a stack and waits for it to settle. Skips the update when the template and parameters are
/// unchanged (their hash is passed as the template's <see cref="FingerprintParameter"/>, which nothing else reads: not
/// a stack tag, which CloudFormation would copy onto every taggable resource at each change) and replaces a stack left
/// in ROLLBACK_COMPLETE, which AWS can neither update nor reuse (and one in REVIEW_IN_PROGRESS, an empty holder of a
/// change set).
/// </summary>
public sealed class StackDeployer(ICloudFormationApi api, ILogger logger, TimeSpan pollInterval, TimeSpan timeout)
{
    /// <summary>The template parameter that holds the hash of the template and the other parameters.</summary>
    public const string FingerprintParameter = "DeploymentFingerprint";

    public async Task<StackDescription> DeployAsync(
        string stackName,
        string templateBody,
        IReadOnlyDictionary<string, string> parameters,
        CancellationToken cancellationToken)
    {
        var withFingerprint = WithFingerprint(templateBody, parameters);
        var fingerprint = withFingerprint[FingerprintParameter];

        var existing = await api.DescribeStackAsync(stackName, cancellationToken);
        // An empty stack that only holds a change set (a plan stopped midway, or one made by hand) never leaves
        // REVIEW_IN_PROGRESS: waiting for it would only time out. It has no resources; replaced below.
        if (existing is not null && existing.Status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) && existing.Status != "REVIEW_IN_PROGRESS")
        {
            logger.LogStackBusy(stackName, existing.Status);
            existing = await WaitAsync(stackName, cancellationToken);
        }

        if (existing is { Status: "ROLLBACK_COMPLETE" or "ROLLBACK_FAILED" or "DELETE_FAILED" or "REVIEW_IN_PROGRESS" })
        {
            logger.LogStackReplacing(stackName, existing.Status);
            await api.DeleteStackAsync(stackName, cancellationToken);
            await WaitAsync(stackName, cancellationToken);
            existing = null;
        }

        if (existing is null)
        {
            logger.LogStackCreating(stackName);
            await api.CreateStackAsync(stackName, templateBody, withFingerprint, cancellationToken);
        }
        else if (existing.Parameters.GetValueOrDefault(FingerprintParameter) == fingerprint && IsComplete(existing.Status))
        {
            logger.LogStackUnchanged(stackName);
            return existing;
        }
        else
        {
            logger.LogStackUpdating(stackName);
            if (!await api.UpdateStackAsync(stackName, templateBody, withFingerprint, cancellationToken))
            {
                return existing;
            }
        }

        var settled = await WaitAsync(stackName, cancellationToken)
            ?? throw new InvalidOperationException($"Stack {stackName} disappeared while it was being deployed.");
        if (!IsComplete(settled.Status))
        {
            throw new InvalidOperationException(
                $"Stack {stackName} ended in {settled.Status}: {settled.StatusReason ?? "no reason given"}. See its events in the CloudFormation console.");
        }

        logger.LogStackReady(stackName, settled.Status);
        return settled;
    }

    /// <summary>Polls until the stack is no longer in progress; null when it no longer exists.</summary>
    private async Task<StackDescription?> WaitAsync(string stackName, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var stack = await api.DescribeStackAsync(stackName, cancellationToken);
            if (stack is null || stack.Status == "DELETE_COMPLETE" || !stack.Status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal))
            {
                return stack?.Status == "DELETE_COMPLETE" ? null : stack;
            }

            if (DateTime.UtcNow >= deadline)
            {
                // The emulator never leaves *_IN_PROGRESS when a resource fails, so a deadline is the only signal.
                throw new TimeoutException(
                    $"Stack {stackName} was still {stack.Status} after {timeout}. {stack.StatusReason}".TrimEnd());
            }

            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    /// <summary>The parameters as a deploy passes them: with the hash of the template and the others.</summary>
    public static Dictionary<string, string> WithFingerprint(string templateBody, IReadOnlyDictionary<string, string> parameters) =>
        new(parameters, StringComparer.Ordinal) { [FingerprintParameter] = Hash(templateBody, parameters) };

    private static bool IsComplete(string status) => status is "CREATE_COMPLETE" or "UPDATE_COMPLETE";

    private static string Hash(string templateBody, IReadOnlyDictionary<string, string> parameters)
    {
        var text = new StringBuilder(templateBody);
        foreach (var (key, value) in parameters.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append('\0').Append(key).Append('=').Append(value);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
