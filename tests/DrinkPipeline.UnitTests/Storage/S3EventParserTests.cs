using DrinkPipeline.Storage;
namespace DrinkPipeline.UnitTests;

public class S3EventParserTests
{
    private const string Record = """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Post",
        "eventTime":"2026-11-25T06:49:44.770Z",
        "s3":{"bucket":{"name":"photos"},"object":{"key":"uploads/Joe%27s%2520Bar/Mojito+Royal/a.jpg","size":134,"eTag":"\"abc\""}}}]}
        """;

    [Fact]
    public void ParseRecognisesTheS3TestEvent()
    {
        var message = S3EventParser.Parse("""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-25T06:00:00Z","Bucket":"photos"}""");

        Assert.IsType<S3EventMessage.Test>(message);
    }

    [Fact]
    public void ParseReadsTheRecordFields()
    {
        var records = Assert.IsType<S3EventMessage.Records>(S3EventParser.Parse(Record));

        var record = Assert.Single(records.Items);
        Assert.Equal("ObjectCreated:Post", record.EventName);
        Assert.Equal("photos", record.Bucket);
        Assert.Equal(134, record.Size);
        Assert.Equal("\"abc\"", record.ETag);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 6, 49, 44, 770, TimeSpan.Zero), record.EventTime);
    }

    [Fact]
    public void ParseS3EventDecodesPlusAsSpaceAndPercentOnce()
    {
        var records = Assert.IsType<S3EventMessage.Records>(S3EventParser.Parse(Record));

        Assert.Equal("uploads/Joe's%20Bar/Mojito Royal/a.jpg", Assert.Single(records.Items).Key);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"Records":{}}""")]
    [InlineData("""{"Records":[1]}""")]
    [InlineData("""{"Records":[{"eventName":"ObjectCreated:Put","eventTime":"2026-11-25T00:00:00Z","s3":{"bucket":{"name":"b"},"object":{}}}]}""")]
    [InlineData("""{"Records":[{"eventName":"ObjectCreated:Put","eventTime":"yesterday","s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}]}""")]
    [InlineData("""{"Records":[{"eventName":7,"eventTime":"2026-11-25T00:00:00Z","s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}]}""")]
    public void ParseReportsMalformedMessagesInsteadOfThrowing(string body)
    {
        Assert.IsType<S3EventMessage.Malformed>(S3EventParser.Parse(body));
    }

    [Fact]
    public void ParseToleratesAMissingSizeAndETag()
    {
        var records = Assert.IsType<S3EventMessage.Records>(S3EventParser.Parse("""
            {"Records":[{"eventName":"ObjectCreated:Put","eventTime":"2026-11-25T00:00:00Z","s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}]}
            """));

        var record = Assert.Single(records.Items);
        Assert.Null(record.Size);
        Assert.Null(record.ETag);
    }
}
