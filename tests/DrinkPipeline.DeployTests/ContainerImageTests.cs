using System.Reflection;
using System.Text.Json.Nodes;
using DrinkPipeline.Testing;

namespace DrinkPipeline.DeployTests;

/// <summary>
/// The container each service publishes (dotnet publish -t:PublishContainer), as the SDK computes it. Computing the
/// configuration needs no registry; building the image does (the base image is pulled), which these machines cannot.
/// </summary>
public class ContainerImageTests
{
    private static readonly string RepositoryRoot = typeof(ContainerImageTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "RepositoryRoot").Value!;

    [Theory]
    [InlineData("Api")]
    [InlineData("Worker")]
    [InlineData("Web")]
    public async Task EachServicePublishesASmallNonRootImageListeningWhereTheTaskDefinitionSays(string service)
    {
        var config = await ComputeContainerConfigAsync(service);
        var properties = config["Properties"]!;

        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra", properties["ContainerBaseImage"]!.GetValue<string>());
        Assert.Equal("app", properties["ContainerUser"]!.GetValue<string>());
        Assert.Equal("linux-x64", properties["ContainerRuntimeIdentifier"]!.GetValue<string>());
        Assert.Equal($"drink-pipeline/{service.ToLowerInvariant()}", properties["ContainerRepository"]!.GetValue<string>());
        Assert.Equal("false", properties["InvariantGlobalization"]!.GetValue<string>());
        Assert.Equal(["8080"], config["Items"]!["ContainerPort"]!.AsArray().Select(port => port!["Identity"]!.GetValue<string>()));
    }

    private static async Task<JsonNode> ComputeContainerConfigAsync(string service)
    {
        var outcome = await Tools.RunAsync("dotnet",
            [
                "msbuild", $"DrinkPipeline.{service}/DrinkPipeline.{service}.csproj", "-t:ComputeContainerConfig", "-p:Configuration=Release",
                "-getProperty:ContainerBaseImage", "-getProperty:ContainerUser", "-getProperty:ContainerRuntimeIdentifier",
                "-getProperty:ContainerRepository", "-getProperty:InvariantGlobalization", "-getItem:ContainerPort",
            ],
            TestContext.Current.CancellationToken,
            workingDirectory: RepositoryRoot);
        Assert.True(outcome.ExitCode == 0, $"dotnet msbuild failed: {outcome.Output} {outcome.Error}");
        return JsonNode.Parse(outcome.Output)!;
    }
}
