using DrinkPipeline.Storage.Coordination;
namespace DrinkPipeline.UnitTests;

public class UploadWindowTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void WindowsAreAlignedToTheEpochSoEveryCopyAgrees()
    {
        var window = UploadWindow.At("10.0.0.1", new DateTimeOffset(2026, 12, 3, 13, 45, 17, TimeSpan.FromHours(2)), Minute, 120);

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 11, 45, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 11, 46, 0, TimeSpan.Zero), window.End);
    }

    [Fact]
    public void MomentsOfOneWindowShareOneCounterAndTheNextWindowGetsAFreshOne()
    {
        var start = new DateTimeOffset(2026, 12, 3, 11, 45, 0, TimeSpan.Zero);

        var first = UploadWindow.At("10.0.0.1", start, Minute, 120);
        var last = UploadWindow.At("10.0.0.1", start.AddSeconds(59.999), Minute, 120);
        var next = UploadWindow.At("10.0.0.1", start.AddSeconds(60), Minute, 120);

        Assert.Equal(first.CounterKey, last.CounterKey);
        Assert.NotEqual(first.CounterKey, next.CounterKey);
    }

    [Fact]
    public void ClientsDoNotShareCounters()
    {
        var now = DateTimeOffset.UtcNow;

        Assert.NotEqual(UploadWindow.At("10.0.0.1", now, Minute, 1).CounterKey, UploadWindow.At("10.0.0.2", now, Minute, 1).CounterKey);
    }

    [Theory]
    [InlineData(0.0, 60)]
    [InlineData(59.2, 1)]
    [InlineData(59.999, 1)]
    [InlineData(30.5, 30)]
    public void RetryAfterIsTheWholeSecondsLeftAndAtLeastOne(double secondsIn, int expected)
    {
        var start = new DateTimeOffset(2026, 12, 3, 11, 45, 0, TimeSpan.Zero);
        var now = start.AddSeconds(secondsIn);

        Assert.Equal(expected, UploadWindow.At("10.0.0.1", now, Minute, 120).SecondsLeft(now));
    }
}
