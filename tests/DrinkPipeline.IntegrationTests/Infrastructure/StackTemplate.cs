using DrinkPipeline.AppHost.CloudFormation;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The AppHost's template as the build copies it beside the tests, read once for every test that needs it.</summary>
public static class StackTemplate
{
    public static readonly CloudFormationTemplate Loaded =
        CloudFormationTemplate.Load(Path.Combine(AppContext.BaseDirectory, "aws", "drink-pipeline.template.yaml"));
}
