using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using DrinkPipeline.Testing;
using NetVips;

namespace DrinkPipeline.UnitTests.Imaging;

/// <summary>
/// Test images made on the fly with libvips (<see cref="PhotoFactory"/>). Decompression bombs are written here byte by
/// byte: no image library should be asked to create pictures that large.
/// </summary>
public static class Corpus
{
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Files = new();

    private static readonly double[] Red = [255, 0, 0];
    private static readonly double[] Blue = [0, 0, 255];

    public static byte[] Orientation6Jpeg => Get("o6.jpg", () =>
    {
        using var image = PhotoFactory.Gradient(400, 300, Red, Blue);
        return PhotoFactory.Jpeg(image, exif: new CameraExif(6, "Google", "Pixel 9", "2026:11:19 18:00:00", 52.52, 13.405));
    });

    public static byte[] GpsJpeg => Get("gps.jpg", () =>
    {
        using var image = PhotoFactory.Textured(640, 480);
        return PhotoFactory.Jpeg(image, exif: new CameraExif(1, "Canon", "EOS R6", "2026:11:20 21:15:00", 48.8584, 2.2945));
    });

    public static byte[] LargeJpeg => Get("large.jpg", () =>
    {
        using var image = PhotoFactory.Textured(2400, 1800);
        return PhotoFactory.Jpeg(image, quality: 85);
    });

    /// <summary>200 × 200, transparent, with a half-transparent red disc.</summary>
    public static byte[] AlphaPng => Get("alpha.png", () =>
    {
        using var clear = Image.Black(200, 200, bands: 4);
        using var disc = clear.Mutate(canvas => canvas.DrawCircle([255, 0, 0, 128], 100, 100, 90, fill: true));
        return disc.PngsaveBuffer();
    });

    /// <summary>Two 100 × 80 frames: green, then red.</summary>
    public static byte[] AnimatedGif => Get("anim.gif", () =>
    {
        using var green = PhotoFactory.Gradient(100, 80, [0, 200, 0], [0, 200, 0]);
        using var red = PhotoFactory.Gradient(100, 80, [200, 0, 0], [200, 0, 0]);
        using var frames = Image.Arrayjoin([green, red], across: 1);
        using var animation = frames.Mutate(fields =>
        {
            fields.Set(GValue.GIntType, "page-height", 80);
            fields.Set(GValue.ArrayIntType, "delay", new[] { 100, 100 });
        });
        return animation.GifsaveBuffer();
    });

    public static byte[] WebP => Get("w.webp", () =>
    {
        using var image = PhotoFactory.Gradient(300, 200, [255, 255, 0], [0, 128, 0]);
        return image.WebpsaveBuffer();
    });

    public static byte[] CmykJpeg => Get("cmyk.jpg", () =>
    {
        using var image = PhotoFactory.Gradient(300, 200, [0, 255, 255], [255, 0, 255]);
        using var cmyk = image.Colourspace(Enums.Interpretation.Cmyk);
        return cmyk.JpegsaveBuffer();
    });

    public static byte[] Png16 => Get("d16.png", () =>
    {
        using var image = PhotoFactory.Gradient(300, 200, [255, 255, 255], [0, 0, 0]);
        using var deep = image.Colourspace(Enums.Interpretation.Rgb16);
        return deep.PngsaveBuffer();
    });

    public static byte[] Avif => Get("a.avif", () =>
    {
        using var image = PhotoFactory.Gradient(300, 200, Blue, [255, 255, 255]);
        return image.HeifsaveBuffer(compression: Enums.ForeignHeifCompression.Av1);
    });

    public static byte[] Heic => Get("h.heic", PhotoFactory.Heic);

    public static byte[] TextAsJpeg => "Just some text, renamed to .jpg\n"u8.ToArray();

    public static byte[] TruncatedJpeg => GpsJpeg[..(GpsJpeg.Length / 3)];

    public static byte[] SvgWithScript =>
        """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"""u8.ToArray();

    /// <summary>12,000 × 12,000 (144 megapixels) of zeros: a few KB on disk, 144 MB once decoded.</summary>
    public static byte[] PngBomb => Get("bomb.png", () => BlankPng(12_000, 12_000));

    /// <summary>10,000 × 6,000: 60 megapixels.</summary>
    public static byte[] Png60Megapixels => Get("60mp.png", () => BlankPng(10_000, 6_000));

    public static byte[] PngTooWide => Get("wide.png", () => BlankPng(13_000, 10));

    private static byte[] Get(string name, Func<byte[]> make) =>
        Files.GetOrAdd(name, _ => new Lazy<byte[]>(make)).Value;

    /// <summary>A valid 1-bit greyscale PNG of the given size, all black.</summary>
    private static byte[] BlankPng(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 1; // bit depth; colour type 0 (grey), deflate, no filter, no interlace follow as zeros
        WriteChunk(png, "IHDR", header);

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + ((width + 7) / 8)];
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        WriteChunk(png, "IDAT", pixels.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
