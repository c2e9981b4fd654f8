using DrinkPipeline.Contracts;

namespace DrinkPipeline.UnitTests;

/// <summary>Issue 21, item 4: only the holder of an upload's watch token follows it on the web app.</summary>
public sealed class UploadWatchTokensTests
{
    private const string Key = "a shared forwarding key of the right length, 32+";
    private static readonly string UploadId = ObjectKeys.NewUploadId();

    [Fact]
    public void ATokenNamesItsUploadUntilItExpires()
    {
        var clock = new Clock();
        var tokens = new UploadWatchTokens(Key, clock);
        var token = tokens.Issue(UploadId);

        Assert.Equal(UploadId, tokens.Verify(token));
        clock.Now += UploadWatchTokens.Lifetime - TimeSpan.FromSeconds(1);
        Assert.Equal(UploadId, tokens.Verify(token));
        clock.Now += TimeSpan.FromSeconds(2);
        Assert.Null(tokens.Verify(token));
    }

    [Fact]
    public void AnIdAloneAnAlteredTokenOrAnotherKeysTokenWatchesNothing()
    {
        var clock = new Clock();
        var tokens = new UploadWatchTokens(Key, clock);
        var parts = tokens.Issue(UploadId).Split('.');
        var otherUpload = ObjectKeys.NewUploadId();

        string?[] refused =
        [
            null,
            "",
            UploadId,
            $"{otherUpload}.{parts[1]}.{parts[2]}",
            $"{UploadId}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 86400}.{parts[2]}",
            $"{UploadId}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}",
            $"{UploadId}.{parts[1]}.{parts[2]}.extra",
            new UploadWatchTokens("another key of the right length, 32 chars+", clock).Issue(UploadId),
        ];

        Assert.All(refused, token => Assert.Null(tokens.Verify(token)));
    }

    [Fact]
    public void WithoutASharedKeyNoTokenVerifies()
    {
        var tokens = new UploadWatchTokens(null, new Clock());

        Assert.Null(tokens.Verify(tokens.Issue(UploadId)));
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
