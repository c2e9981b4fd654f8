using DrinkPipeline.IntegrationTests.Iam;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(IamAuditLast))]

namespace DrinkPipeline.IntegrationTests.Iam;

[CollectionDefinition(Name)]
public sealed class IamAuditCollection
{
    public const string Name = "IAM audit, after every app";
}

/// <summary>
/// Every AWS request the services made in this run's apps, each checked against its role in the template as AWS would
/// (the emulator enforces no IAM). Runs after every other collection (<see cref="IamAuditLast"/>).
/// </summary>
[Collection(IamAuditCollection.Name)]
public sealed class IamAuditTests
{
    [Fact]
    public void EveryAwsRequestOfTheServicesIsAllowedByItsRole()
    {
        var apps = AwsCallAudit.Apps;
        Assert.SkipWhen(apps.Count == 0, "No app ran in this test run: there are no requests to check.");

        Assert.All(apps, app => Assert.True(app.CheckedRequests > 0, $"{app.Fixture}: no request of a service was recorded"));
        WriteReport(apps);
        var findings = apps.SelectMany(app => app.Findings.Select(finding => $"{app.Fixture}: {finding}")).ToList();
        Assert.True(findings.Count == 0, "IAM on AWS would refuse, or this check cannot read:\n" + string.Join('\n', findings));
    }

    [Fact]
    public void EveryGrantOfTheServiceRolesIsUsed()
    {
        var missing = AppCollections()
            .Where(collection => AwsCallAudit.Apps.Count(app => app.Fixture == collection.Key) < collection.Count())
            .Select(collection => collection.Key)
            .ToList();
        Assert.SkipWhen(missing.Count > 0, $"Not every app ran in this test run ({string.Join(", ", missing)} missing): unused grants cannot be told.");

        var used = AwsCallAudit.Apps.SelectMany(app => app.Used).ToHashSet();
        var granted = AwsCallAudit.Apps.SelectMany(app => app.Granted).DistinctBy(grant => grant.Key).ToList();
        Assert.NotEmpty(granted);
        var unused = granted.Where(grant => !used.Contains(grant.Key)).Select(grant => grant.Value).ToList();
        Assert.True(unused.Count == 0, "Granted, but no request in the integration tests needed it:\n" + string.Join('\n', unused));
    }

    /// <summary>What each role asked for in this run, with counts: iam-audit.txt beside the test assembly.</summary>
    private static void WriteReport(IReadOnlyList<AuditedApp> apps)
    {
        var lines = apps.SelectMany(app => app.Requested)
            .GroupBy(entry => entry.Key, entry => entry.Value)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => $"{group.Sum(),7}  {group.Key}");
        string[] header = [$"# {apps.Sum(app => app.CheckedRequests)} requests of the services in {apps.Count} app(s): {string.Join(", ", apps.Select(app => $"{app.Fixture} {app.CheckedRequests}"))}"];
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "iam-audit.txt"), [.. header, .. lines]);
    }

    /// <summary>The app fixture of each collection in this assembly (several collections may share a fixture type).</summary>
    private static IEnumerable<IGrouping<string, Type>> AppCollections() =>
        typeof(IamAuditTests).Assembly.GetTypes()
            .Where(type => type.IsDefined(typeof(CollectionDefinitionAttribute), inherit: false))
            .SelectMany(type => type.GetInterfaces())
            .Where(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(ICollectionFixture<>))
            .Select(contract => contract.GetGenericArguments()[0])
            .Where(fixture => typeof(DrinkPipelineAppFixture).IsAssignableFrom(fixture))
            .GroupBy(fixture => fixture.Name);
}

/// <summary>xunit's order, with the IAM audit moved last: it reads what every app recorded.</summary>
public sealed class IamAuditLast : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections)
            .OrderBy(collection => collection.TestCollectionDisplayName == IamAuditCollection.Name)];
}
