using System.Text;
using System.Text.Json.Nodes;
using DrinkPipeline.Contracts;
using DrinkPipeline.Storage;

namespace DrinkPipeline.UnitTests;

/// <summary>
/// Random input against the parsers that face the outside: object keys (anyone with bucket access can write one),
/// queue messages, API path segments and names. Seeded, so a failure repeats; the seed is in the message.
/// </summary>
public class FuzzTests
{
    private const int Seed = 20261125;
    private const int Rounds = 20_000;
    private const string UploadId = "0195f3a2c4d67e89a0b1c2d3e4f5a6b7";

    /// <summary>Characters with a meaning in keys, URLs or text direction.</summary>
    private const string Specials = "%./\\!+ ?#\u00A0\u200B\u202E";

    [Fact]
    public void AnyKeyTheParserAcceptsIsTheCanonicalKeyOfWhatItParsed()
    {
        var random = new Random(Seed);
        var accepted = 0;
        for (var i = 0; i < Rounds; i++)
        {
            var key = RandomKey(random);

            if (ObjectKeys.TryParseUpload(key, out var parsed))
            {
                accepted++;
                Assert.Equal(key, ObjectKeys.ForUpload(parsed.BarName, parsed.DrinkName, parsed.UploadId, parsed.Extension));
                Assert.DoesNotContain(parsed.BarName, new[] { "", ".", ".." });
            }
        }

        // The generator must reach the accepting paths, or the test proves nothing.
        Assert.True(accepted > Rounds / 50, $"only {accepted} keys were accepted (seed {Seed})");
    }

    [Fact]
    public void RandomNamesRoundTripThroughKeysAndPathSegments()
    {
        var random = new Random(Seed);
        for (var i = 0; i < Rounds; i++)
        {
            var name = RandomText(random, allowLoneSurrogates: false);
            var problem = NameRules.Validate(name, "name");
            if (problem is not null)
            {
                continue;
            }

            var key = ObjectKeys.ForUpload(name, name, UploadId, "jpg");
            Assert.StartsWith("uploads/", key, StringComparison.Ordinal);
            Assert.Equal(4, key.Split('/').Length);
            Assert.True(ObjectKeys.TryParseUpload(key, out var parsed), $"{key} (seed {Seed}, round {i})");
            Assert.Equal((name, name), (parsed.BarName, parsed.DrinkName));
            Assert.True(PathSegments.TryDecode(PathSegments.Encode(name), out var decoded));
            Assert.Equal(name, decoded);
        }
    }

    [Fact]
    public void NameRulesAndPathSegmentsNeverThrowOnArbitraryText()
    {
        var random = new Random(Seed);
        for (var i = 0; i < Rounds; i++)
        {
            var text = RandomText(random, allowLoneSurrogates: true);

            _ = NameRules.Validate(text, "name");
            if (NameRules.Validate(text, "name") is null)
            {
                _ = NameRules.IdentityKey(text);
                _ = NameRules.SearchKey(text);
            }

            _ = PathSegments.TryDecode(text, out _);
            _ = PathSegments.TryDecode(RandomPercentEncoding(random), out _);
        }
    }

    [Fact]
    public void TheEventParserTurnsAnyJsonIntoAResultNeverAnException()
    {
        var random = new Random(Seed);
        for (var i = 0; i < Rounds; i++)
        {
            var body = random.Next(4) switch
            {
                0 => RandomJson(random, depth: 0)?.ToJsonString() ?? "null",
                1 => MutatedEvent(random),
                2 => RandomText(random, allowLoneSurrogates: true),
                _ => Truncate(random, MutatedEvent(random)),
            };

            var message = S3EventParser.Parse(body);

            if (message is S3EventMessage.Records records)
            {
                Assert.All(records.Items, record => Assert.NotNull(record.Key));
            }
        }
    }

    private static string RandomKey(Random random)
    {
        string Segment() => random.Next(6) switch
        {
            0 => ObjectKeys.EncodeSegment(RandomText(random, allowLoneSurrogates: false)),
            1 => RandomText(random, allowLoneSurrogates: true),
            2 => RandomPercentEncoding(random),
            3 => random.Next(3) switch { 0 => ".", 1 => "..", _ => "" },
            _ => "Bar",
        };

        var file = random.Next(3) switch
        {
            0 => $"{UploadId}.{(random.Next(2) == 0 ? "jpg" : "exe")}",
            1 => Guid.NewGuid().ToString(random.Next(2) == 0 ? "N" : "D") + ".png",
            _ => Segment(),
        };
        var prefix = random.Next(5) == 0 ? Segment() : "uploads";
        var parts = random.Next(6) == 0 ? [prefix, Segment(), file] : new[] { prefix, Segment(), Segment(), file };
        return string.Join('/', parts);
    }

    private static string RandomText(Random random, bool allowLoneSurrogates)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 16);
        for (var i = 0; i < length; i++)
        {
            var codePoint = random.Next(6) switch
            {
                0 => random.Next(0x00, 0x80),
                1 => random.Next(0x80, 0x800),
                2 => Specials[random.Next(Specials.Length)],
                3 => random.Next(0x1F300, 0x1FAFF),
                4 when allowLoneSurrogates => random.Next(0xD800, 0xE000),
                _ => random.Next(0x20, 0x10FFFF),
            };
            if (codePoint is >= 0xD800 and <= 0xDFFF)
            {
                if (allowLoneSurrogates)
                {
                    builder.Append((char)codePoint);
                }

                continue;
            }

            builder.Append(char.ConvertFromUtf32(codePoint));
        }

        return builder.ToString();
    }

    /// <summary>Percent escapes, valid UTF-8 or not (over-long forms, lone continuation bytes, truncated sequences).</summary>
    private static string RandomPercentEncoding(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(1, 8);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(4) switch
            {
                0 => "%C0%AF",
                1 => $"%{random.Next(256):X2}",
                2 => "%E2%82",
                _ => "a",
            });
        }

        return builder.ToString();
    }

    private static JsonNode? RandomJson(Random random, int depth) => (depth > 4 ? random.Next(4) : random.Next(7)) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(-5, 1_000_000)),
        2 => JsonValue.Create(RandomText(random, allowLoneSurrogates: false)),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(random, depth + 1)).ToArray()),
        _ => RandomObject(random, depth),
    };

    private static JsonObject RandomObject(Random random, int depth)
    {
        string[] names = ["Records", "s3", "object", "key", "bucket", "name", "size", "eTag", "eventTime", "eventName", "Event", "sequencer"];
        var result = new JsonObject();
        for (var i = random.Next(5); i > 0; i--)
        {
            result[names[random.Next(names.Length)]] = RandomJson(random, depth + 1);
        }

        return result;
    }

    /// <summary>A well-formed event with one part replaced by something random.</summary>
    private static string MutatedEvent(Random random)
    {
        var node = JsonNode.Parse("""
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:Post","eventTime":"2026-11-25T06:49:44.770Z",
            "s3":{"bucket":{"name":"photos"},"object":{"key":"uploads/Bar/Drink/0195f3a2c4d67e89a0b1c2d3e4f5a6b7.jpg","size":134,"eTag":"abc"}}}]}
            """)!;
        var record = node["Records"]![0]!;
        JsonNode target = random.Next(4) switch
        {
            0 => node,
            1 => record,
            2 => record["s3"]!,
            _ => record["s3"]!["object"]!,
        };
        var property = ((JsonObject)target).Select(pair => pair.Key).ElementAt(random.Next(((JsonObject)target).Count));
        target[property] = RandomJson(random, depth: 3);
        return node.ToJsonString();
    }

    private static string Truncate(Random random, string text) => text[..random.Next(text.Length)];
}
