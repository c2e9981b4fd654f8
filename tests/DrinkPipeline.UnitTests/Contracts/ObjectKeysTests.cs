using System.Text;
using DrinkPipeline.Contracts;

namespace DrinkPipeline.UnitTests;

public class ObjectKeysTests
{
    private const string UploadId = "0195f3a2c4d67e89a0b1c2d3e4f5a6b7";

    public static TheoryData<string> TrickyNames =>
    [
        "Joe's Bar", "Café Über & Co", "🍹 Tiki/Room", "100% Agave", "..", ".", "a+b", "x y", "..%2F..", "uploads",
        "日本酒バー", "Ⅻ", "e\u0301", "Zero\u200BWidth", "\u202Eevil", "tab?query#frag", "back\\slash", "~tilde",
    ];

    [Theory]
    [MemberData(nameof(TrickyNames))]
    public void ForUploadRoundTripsTrickyNames(string name)
    {
        var key = ObjectKeys.ForUpload(name, name + " drink", UploadId, "jpg");

        // A name without a letter or digit ("..", ".") is no name: its key is refused like any other invalid one.
        if (NameRules.Validate(name, "bar") is not null)
        {
            Assert.False(ObjectKeys.TryParseUpload(key, out _));
            return;
        }

        Assert.True(ObjectKeys.TryParseUpload(key, out var parsed));
        Assert.Equal(name, parsed.BarName);
        Assert.Equal(name + " drink", parsed.DrinkName);
        Assert.Equal(UploadId, parsed.UploadId);
        Assert.Equal("jpg", parsed.Extension);
    }

    [Theory]
    [MemberData(nameof(TrickyNames))]
    public void EncodeSegmentNeverAddsPathSegmentsOrDotSegments(string name)
    {
        var segment = ObjectKeys.EncodeSegment(name);

        Assert.DoesNotContain('/', segment);
        Assert.DoesNotContain(' ', segment);
        Assert.False(segment.StartsWith('.'), segment);
    }

    [Fact]
    public void ForUploadKeepsReadableCharactersUnescaped()
    {
        var key = ObjectKeys.ForUpload("Joe's Bar", "Café", UploadId, "png");

        Assert.Equal($"uploads/Joe's%20Bar/Café/{UploadId}.png", key);
    }

    [Fact]
    public void ForUploadRoundTripsRandomUnicodeNames()
    {
        var random = new Random(20261125);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 5_000; i++)
        {
            var name = RandomName(random);
            if (NameRules.Validate(name, "name") is not null)
            {
                continue;
            }

            var key = ObjectKeys.ForUpload(name, "d", UploadId, "webp");

            Assert.True(ObjectKeys.TryParseUpload(key, out var parsed), $"Could not parse the key of {Escape(name)}: {key}");
            Assert.Equal(name, parsed.BarName);
            if (seen.TryGetValue(key, out var other))
            {
                Assert.Equal(other, name);
            }

            seen[key] = name;
        }

        Assert.True(seen.Count > 1_000, $"Only {seen.Count} random names were valid; the generator is too narrow.");
    }

    [Theory]
    [InlineData("uploads/Bar/Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7")]
    [InlineData("uploads/Bar/Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.exe")]
    [InlineData("uploads/Bar/Drink/0195F3A2C4D67E89A0B1C2D3E4F5A6B7.jpg")]
    [InlineData("uploads/Bar/Drink/not-an-id.jpg")]
    [InlineData("uploads/Bar/Drink/Extra/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    [InlineData("uploads/Bar/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    [InlineData("other/Bar/Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    [InlineData("uploads/Joe's Bar/Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    [InlineData("uploads/Joe%27s/Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    [InlineData("uploads/a%2fb/Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    [InlineData("uploads/../Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    [InlineData("uploads/%FF/Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    [InlineData("uploads/%ED%A0%80/Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    [InlineData("uploads/%01/Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    [InlineData("uploads//Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg")]
    public void TryParseUploadRejectsKeysOutsideTheLayout(string key)
    {
        Assert.False(ObjectKeys.TryParseUpload(key, out _));
    }

    [Fact]
    public void NewUploadIdIsAValidUploadId()
    {
        Assert.True(ObjectKeys.IsUploadId(ObjectKeys.NewUploadId()));
    }

    private static string RandomName(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(1, 12);
        for (var i = 0; i < length; i++)
        {
            var pick = random.Next(5);
            var codePoint = pick switch
            {
                0 => random.Next(0x20, 0x7F),
                1 => random.Next(0xA0, 0x250),
                2 => random.Next(0x2000, 0x2070),
                3 => random.Next(0x1F300, 0x1FAFF),
                _ => random.Next(0x20, 0x10FFFF),
            };
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            builder.Append(char.ConvertFromUtf32(codePoint));
        }

        return builder.ToString();
    }

    [Fact]
    public void RenditionsOfOneUploadShareAFolderLedByTheIdsRandomEnd()
    {
        var uploadId = ObjectKeys.NewUploadId();

        Assert.Equal($"derived/{uploadId[^2..]}/{uploadId}/thumbnail.webp", ObjectKeys.ThumbnailFor(uploadId));
        Assert.Equal($"derived/{uploadId[^2..]}/{uploadId}/display.webp", ObjectKeys.DisplayFor(uploadId));
    }

    [Fact]
    public void UploadsMadeInTheSameMomentSpreadTheirRenditionsOverManyPrefixes()
    {
        // GUIDv7 ids made together share their leading (time) digits: the folder must not start with them.
        var folders = Enumerable.Range(0, 1_000).Select(_ => ObjectKeys.ThumbnailFor(ObjectKeys.NewUploadId())[..11]).Distinct().Count();

        Assert.True(folders > 200, $"1,000 uploads made at once used only {folders} rendition prefixes");
    }

    [Fact]
    public void AnUploadIdTellsWhenItWasIssued()
    {
        var before = DateTimeOffset.UtcNow.AddMilliseconds(-1);
        var issued = ObjectKeys.IssuedAt(ObjectKeys.NewUploadId());

        Assert.NotNull(issued);
        Assert.InRange(issued.Value, before, DateTimeOffset.UtcNow.AddMilliseconds(1));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(0x0190_0000_0000), ObjectKeys.IssuedAt("019000000000" + "7" + new string('0', 19)));
    }

    [Theory]
    [InlineData("0190000000004000800000000000000a")] // a GUIDv4 says nothing about time
    [InlineData("not-an-upload-id")]
    public void AnIdThatIsNotAGuidV7HasNoIssueTime(string uploadId) => Assert.Null(ObjectKeys.IssuedAt(uploadId));

    private static string Escape(string value) => string.Join(' ', value.EnumerateRunes().Select(rune => $"U+{rune.Value:X4}"));
}
