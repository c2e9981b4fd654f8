using DrinkPipeline.Contracts;
using DrinkPipeline.Storage.Uploads;

namespace DrinkPipeline.UnitTests;

public class FeedPartitionTests
{
    [Fact]
    public void APartitionNamesTheUtcDayAndTheShard()
    {
        Assert.Equal("2026-12-03#2", RecentUploads.FeedPartition(new DateTime(2026, 12, 3, 23, 59, 59, DateTimeKind.Utc), 2));
    }

    [Fact]
    public void AnUploadAlwaysGoesToTheSameShard()
    {
        var uploadId = ObjectKeys.NewUploadId();

        Assert.Equal(RecentUploads.FeedShard(uploadId), RecentUploads.FeedShard(uploadId));
    }

    [Fact]
    public void UploadsSpreadEvenlyOverTheShards()
    {
        var counts = new int[RecentUploads.FeedShards];

        for (var i = 0; i < 10_000; i++)
        {
            counts[RecentUploads.FeedShard(ObjectKeys.NewUploadId())]++;
        }

        // Within 10 % of an even share: no shard takes the load the sharding is there to spread.
        Assert.All(counts, count => Assert.InRange(count, 2_250, 2_750));
    }
}
