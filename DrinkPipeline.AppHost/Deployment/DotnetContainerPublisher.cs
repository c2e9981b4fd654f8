using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DrinkPipeline.AppHost.Deployment;

/// <summary>
/// <c>dotnet publish -t:PublishContainer</c>: the SDK builds the image on the base image the project names
/// (Containers.props) and pushes it straight to the registry; no Dockerfile, no container engine.
/// </summary>
public sealed class DotnetContainerPublisher(ILogger logger) : IContainerImagePublisher
{
    public async Task PublishAsync(ServiceImage image, RegistryLogin login, CancellationToken cancellationToken)
    {
        var slash = image.RepositoryUri.IndexOf('/', StringComparison.Ordinal);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The push credentials only: the base image is pulled anonymously from its own registry.
            Environment =
            {
                ["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = login.UserName,
                ["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = login.Password,
            },
        };
        foreach (var argument in (string[])[
            "publish", image.ProjectPath, "-c", "Release", "-t:PublishContainer",
            $"-p:ContainerRegistry={image.RepositoryUri[..slash]}",
            $"-p:ContainerRepository={image.RepositoryUri[(slash + 1)..]}",
            $"-p:ContainerImageTags={image.Tag}"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, line) => Log(image.Service, line.Data);
        process.ErrorDataReceived += (_, line) => Log(image.Service, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet publish -t:PublishContainer of {image.Service} failed (exit code {process.ExitCode}); its output is above. " +
                "It needs to reach the base image's registry (mcr.microsoft.com) and the stack's ECR repository.");
        }
    }

    private void Log(string service, string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            logger.LogPublishOutput(service, line);
        }
    }
}
