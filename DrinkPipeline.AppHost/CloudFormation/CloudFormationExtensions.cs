using System.Collections.Immutable;
using DrinkPipeline.AppHost.CloudFormation;

namespace Aspire.Hosting;

/// <summary>
/// Hosting API for CloudFormation stacks, shaped like Aspire.Hosting.AWS (not available to this project):
/// <c>AddCloudFormationTemplate</c>, then <c>WithReference(stack)</c> on each service that needs its outputs.
/// </summary>
public static class CloudFormationExtensions
{
    public static IResourceBuilder<CloudFormationStackResource> AddCloudFormationTemplate(
        this IDistributedApplicationBuilder builder, string name, string templatePath, string stackName)
    {
        var fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, templatePath));
        var resource = new CloudFormationStackResource(name, CloudFormationTemplate.Load(fullPath), stackName);

        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "CloudFormationStack",
                State = KnownResourceStates.NotStarted,
                Properties = [new("aws.cloudformation.stack", stackName), new("aws.cloudformation.template", templatePath)],
            })
            .OnInitializeResource(StackProvisioning.DeployOnStartAsync);
    }

    public static IResourceBuilder<CloudFormationStackResource> WithParameter(
        this IResourceBuilder<CloudFormationStackResource> builder, string name, string value)
    {
        builder.Resource.Parameters[name] = value;
        return builder;
    }

    /// <summary>A parameter filled from an endpoint's URL once the app has allocated it (e.g. the web origin).</summary>
    public static IResourceBuilder<CloudFormationStackResource> WithParameter(
        this IResourceBuilder<CloudFormationStackResource> builder, string name, EndpointReference endpoint)
    {
        builder.Resource.Parameters[name] = endpoint;
        return builder;
    }

    /// <summary>Deploys to the emulator resource (local mode), after it is healthy.</summary>
    public static IResourceBuilder<CloudFormationStackResource> WithEmulator(
        this IResourceBuilder<CloudFormationStackResource> builder, IResourceBuilder<ExecutableResource> emulator, string region)
    {
        var endpoint = emulator.GetEndpoint("http");
        // 127.0.0.1 rather than the endpoint's "localhost": the emulator binds IPv4 only, and the name lookup is slower.
        builder.Resource.Target = new AwsTarget(region, null, () => $"http://127.0.0.1:{endpoint.Port}");
        return builder.WaitFor(emulator);
    }

    /// <summary>Deploys to real AWS with the given region and (optionally) a named credentials profile.</summary>
    public static IResourceBuilder<CloudFormationStackResource> WithCloudTarget(
        this IResourceBuilder<CloudFormationStackResource> builder, string region, string? profile)
    {
        builder.Resource.Target = new AwsTarget(region, profile, null);
        return builder;
    }

    /// <summary>
    /// Gives a service the stack's outputs as <c>AWS__Resources__{OutputKey}</c> and where to reach AWS
    /// (<c>AWS__Region</c>, and in local mode <c>AWS__ServiceURL</c> and the emulator's credentials).
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<CloudFormationStackResource> stack)
        where T : IResourceWithEnvironment =>
        builder.WithStackEnvironment(stack.Resource, _ => true);

    /// <summary>
    /// Like <see cref="WithReference{T}"/>, but only the named outputs: for a service that must not learn the rest
    /// (the web app talks to the API, never to the tables or the queue).
    /// </summary>
    public static IResourceBuilder<T> WithStackOutputs<T>(this IResourceBuilder<T> builder, IResourceBuilder<CloudFormationStackResource> stack, params string[] outputKeys)
        where T : IResourceWithEnvironment =>
        builder.WithStackEnvironment(stack.Resource, outputKeys.Contains);

    /// <summary>
    /// Makes the service assume its own IAM role: <c>AWS__RoleArn</c> from the stack output <paramref name="roleOutputKey"/>.
    /// </summary>
    public static IResourceBuilder<T> WithStackRole<T>(this IResourceBuilder<T> builder, IResourceBuilder<CloudFormationStackResource> stack, string roleOutputKey)
        where T : IResourceWithEnvironment =>
        builder.WithEnvironment(async context =>
        {
            var deployed = await stack.Resource.Deployed.WaitAsync(context.CancellationToken);
            context.EnvironmentVariables["AWS__RoleArn"] = deployed.Outputs[roleOutputKey];
        });

    private static IResourceBuilder<T> WithStackEnvironment<T>(this IResourceBuilder<T> builder, CloudFormationStackResource resource, Func<string, bool> outputs)
        where T : IResourceWithEnvironment =>
        builder
            .WithReferenceRelationship(resource)
            .WithEnvironment(async context =>
            {
                var deployed = await resource.Deployed.WaitAsync(context.CancellationToken);
                foreach (var (key, value) in deployed.Outputs.Where(output => outputs(output.Key)))
                {
                    context.EnvironmentVariables[$"AWS__Resources__{key}"] = value;
                }

                var target = resource.Target!;
                context.EnvironmentVariables["AWS__Region"] = target.Region;
                if (target.EmulatorUrl is { } url)
                {
                    context.EnvironmentVariables["AWS__ServiceURL"] = url();
                    context.EnvironmentVariables["AWS_ACCESS_KEY_ID"] = AwsTarget.EmulatorAccessKey;
                    context.EnvironmentVariables["AWS_SECRET_ACCESS_KEY"] = AwsTarget.EmulatorSecretKey;
                }
                else if (target.Profile is { Length: > 0 } profile)
                {
                    context.EnvironmentVariables["AWS_PROFILE"] = profile;
                }
            });
}
