using DrinkPipeline.Imaging;
namespace DrinkPipeline.UnitTests;

public class ImageSnifferTests
{
    public static TheoryData<byte[], string?> Headers => new()
    {
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'], "image/jpeg" },
        { [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "image/png" },
        { "GIF89a\u0001\0"u8.ToArray(), "image/gif" },
        { "RIFF\u0024\0\0\0WEBPVP8 "u8.ToArray(), "image/webp" },
        { "\0\0\0\u0018ftypheic\0\0\0\0"u8.ToArray(), "image/heic" },
        { "\0\0\0\u001Cftypavif\0\0\0\0"u8.ToArray(), "image/avif" },
        { "<svg xmlns=\"http"u8.ToArray(), null },
        { "<!DOCTYPE html>"u8.ToArray(), null },
        { "hello, world"u8.ToArray(), null },
        { "RIFF\u0024\0\0\0WAVEfmt "u8.ToArray(), null },
        { [], null },
        { [0xFF, 0xD8], null },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void DetectNamesTheFormatTheBytesProve(byte[] header, string? expected)
    {
        Assert.Equal(expected, ImageSniffer.Detect(header));
    }
}
