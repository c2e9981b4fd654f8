using DrinkPipeline.AppHost.CloudFormation;
using Microsoft.Extensions.Logging;

namespace DrinkPipeline.AppHost.Deployment;

/// <summary>One service's image: built from its project, pushed to the stack's repository under a tag.</summary>
public sealed record ServiceImage(string Service, string ProjectPath, string RepositoryUri, string Tag)
{
    public string Uri => $"{RepositoryUri}:{Tag}";
}

/// <summary>Builds a service's container image and pushes it to its repository.</summary>
public interface IContainerImagePublisher
{
    Task PublishAsync(ServiceImage image, RegistryLogin login, CancellationToken cancellationToken);
}

/// <summary>
/// Puts the whole application on AWS: the stack's data resources and image repositories (first deploy only), the
/// three images pushed under one new tag, then the stack updated with the image parameters, which creates or rolls the
/// compute. Parameters set on an earlier deploy keep their values unless given again.
/// </summary>
public sealed class CloudDeployment(ICloudFormationApi cloudFormation, StackDeployer deployer, EcrLogin registry, IContainerImagePublisher publisher, ILogger logger)
{
    /// <summary>The services, as the template names their image parameters and repository outputs.</summary>
    public static readonly string[] Services = ["Api", "Worker", "Web"];

    public async Task<IReadOnlyDictionary<string, string>> DeployAsync(
        string stackName,
        CloudFormationTemplate template,
        IReadOnlyDictionary<string, string> givenParameters,
        IReadOnlyDictionary<string, string> projectPaths,
        string imageTag,
        CancellationToken cancellationToken)
    {
        var existing = await cloudFormation.DescribeStackAsync(stackName, cancellationToken);
        var parameters = ParametersFor(existing, template, givenParameters);
        var outputs = existing?.Outputs ?? new Dictionary<string, string>();
        if (!Services.All(service => outputs.ContainsKey(RepositoryOutput(service))))
        {
            // The images need their repositories, which are the stack's: create them (with the tables, queues and
            // bucket) before the first push. The compute follows once the images exist.
            logger.LogCreatingRepositories(stackName);
            outputs = (await deployer.DeployAsync(stackName, template.Body, parameters, cancellationToken)).Outputs;
        }

        var login = await registry.LoginAsync(cancellationToken);
        foreach (var service in Services)
        {
            var image = new ServiceImage(service.ToLowerInvariant(), projectPaths[service], outputs[RepositoryOutput(service)], imageTag);
            logger.LogPublishingImage(image.Service, image.Uri);
            await publisher.PublishAsync(image, login, cancellationToken);
            parameters[$"{service}Image"] = image.Uri;
        }

        logger.LogDeployingCompute(stackName);
        return (await deployer.DeployAsync(stackName, template.Body, parameters, cancellationToken)).Outputs;
    }

    /// <summary>
    /// What a deploy passes: the earlier values that differ from the template's default (an omitted parameter would
    /// fall back to its default; those at their default are left out, which is the same to AWS and keeps the
    /// emulator's CloudFormation from updating resources that refer to them: it cannot update a listener), then the
    /// given ones. A plan passes the same, so it shows the images already deployed.
    /// </summary>
    public static Dictionary<string, string> ParametersFor(
        StackDescription? existing, CloudFormationTemplate template, IReadOnlyDictionary<string, string> givenParameters)
    {
        var parameters = (existing?.Parameters ?? new Dictionary<string, string>())
            .Where(parameter => parameter.Key != StackDeployer.FingerprintParameter)
            .Where(parameter => template.Root["Parameters"]?[parameter.Key]?["Default"]?.GetValue<string>() != parameter.Value)
            .ToDictionary(StringComparer.Ordinal);
        foreach (var (key, value) in givenParameters)
        {
            parameters[key] = value;
        }

        EnsureOriginMatchesCertificate(parameters);
        return parameters;
    }

    private static string RepositoryOutput(string service) => $"{service}RepositoryUri";

    /// <summary>
    /// With a certificate browsers come to its host over HTTPS, which only WebOrigin can name; without WebOrigin the
    /// bucket would allow the load balancer's http:// address instead and every upload would fail CORS.
    /// </summary>
    private static void EnsureOriginMatchesCertificate(Dictionary<string, string> parameters)
    {
        if (parameters.GetValueOrDefault("CertificateArn") is { Length: > 0 } &&
            !(parameters.GetValueOrDefault("WebOrigin") ?? "").StartsWith("https://", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                "CertificateArn is set, so WebOrigin must be the https:// origin of the certificate's host " +
                "(--Deploy:Parameters:WebOrigin=https://photos.example.com).");
        }
    }
}
