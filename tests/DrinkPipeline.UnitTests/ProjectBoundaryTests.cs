using DrinkPipeline.Web;

namespace DrinkPipeline.UnitTests;

/// <summary>What each project may know: the web app talks to the API, never to a table.</summary>
public sealed class ProjectBoundaryTests
{
    [Theory]
    [InlineData("DrinkPipeline.Storage")]
    [InlineData("AWSSDK.DynamoDBv2")]
    [InlineData("AWSSDK.SQS")]
    public void WebAppDoesNotReferenceStorage(string assembly)
    {
        var referenced = typeof(DrinkApiClient).Assembly.GetReferencedAssemblies().Select(name => name.Name);

        Assert.DoesNotContain(assembly, referenced);
    }

    [Fact]
    public void ContractsReferenceNoAwsPackage()
    {
        var referenced = typeof(Contracts.NameRules).Assembly.GetReferencedAssemblies().Select(name => name.Name ?? "");

        Assert.DoesNotContain(referenced, name => name.StartsWith("AWSSDK", StringComparison.Ordinal) || name.StartsWith("DrinkPipeline", StringComparison.Ordinal));
    }

    [Fact]
    public void WebAppReferencesContracts()
    {
        var referenced = typeof(DrinkApiClient).Assembly.GetReferencedAssemblies().Select(name => name.Name);

        Assert.Contains(typeof(Contracts.NameRules).Assembly.GetName().Name, referenced);
    }
}
