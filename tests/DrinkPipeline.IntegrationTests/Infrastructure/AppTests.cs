namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// What every test class on a started app shares: the app (<see cref="Fixture"/>), a client of its API and web app,
/// and the test's cancellation token. The class still names its collection, which decides which app it gets.
/// </summary>
public abstract class AppTests(DrinkPipelineAppFixture fixture)
{
    protected DrinkPipelineAppFixture Fixture { get; } = fixture;

    protected PipelineClient Client { get; } = new(fixture);

    protected static CancellationToken Token => TestContext.Current.CancellationToken;
}
