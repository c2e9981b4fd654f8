using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace DrinkPipeline.UnitTests.Imaging;

/// <summary>
/// Test images made on the fly with real tools: ImageMagick (<c>/usr/bin/convert</c>) and exiftool, which .ci/run
/// installs. Decompression bombs are written here byte by byte, because ImageMagick's own security policy refuses to
/// create pictures that large.
/// </summary>
public static class Corpus
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("drinkpipeline-corpus-").FullName;
    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Files = new();

    public static byte[] Orientation6Jpeg => Get("o6.jpg", path =>
    {
        Convert("-size", "400x300", "gradient:red-blue", path);
        ExifTool("-Orientation=6", "-n", path);
    });

    public static byte[] GpsJpeg => Get("gps.jpg", path =>
    {
        Convert("-size", "640x480", "plasma:fractal", path);
        ExifTool("-GPSLatitude=48.8584", "-GPSLatitudeRef=N", "-GPSLongitude=2.2945", "-GPSLongitudeRef=E",
            "-DateTimeOriginal=2026:11:20 21:15:00", "-Make=Canon", "-Model=EOS R6", path);
    });

    public static byte[] LargeJpeg => Get("large.jpg", path => Convert("-size", "2400x1800", "plasma:fractal", "-quality", "85", path));

    public static byte[] AlphaPng => Get("alpha.png", path =>
        Convert("-size", "200x200", "xc:none", "-fill", "rgba(255,0,0,0.5)", "-draw", "circle 100,100 100,10", path));

    public static byte[] AnimatedGif => Get("anim.gif", path =>
        Convert("-delay", "10", "-size", "100x80", "xc:green", "xc:red", path));

    public static byte[] WebP => Get("w.webp", path => Convert("-size", "300x200", "gradient:yellow-green", path));

    public static byte[] CmykJpeg => Get("cmyk.jpg", path => Convert("-size", "300x200", "gradient:cyan-magenta", "-colorspace", "CMYK", path));

    public static byte[] Png16 => Get("d16.png", path => Convert("-size", "300x200", "gradient:white-black", "-depth", "16", path));

    public static byte[] Avif => Get("a.avif", path => Convert("-size", "300x200", "gradient:blue-white", path));

    public static byte[] Heic => Get("h.heic", path => Convert("-size", "300x200", "gradient:blue-white", path));

    public static byte[] TextAsJpeg => "Just some text, renamed to .jpg\n"u8.ToArray();

    public static byte[] TruncatedJpeg => GpsJpeg[..(GpsJpeg.Length / 3)];

    public static byte[] SvgWithScript =>
        """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"""u8.ToArray();

    /// <summary>12,000 × 12,000 (144 megapixels) of zeros: a few KB on disk, 144 MB once decoded.</summary>
    public static byte[] PngBomb => Get("bomb.png", path => File.WriteAllBytes(path, BlankPng(12_000, 12_000)));

    /// <summary>10,000 × 6,000: 60 megapixels.</summary>
    public static byte[] Png60Megapixels => Get("60mp.png", path => File.WriteAllBytes(path, BlankPng(10_000, 6_000)));

    public static byte[] PngTooWide => Get("wide.png", path => File.WriteAllBytes(path, BlankPng(13_000, 10)));

    private static byte[] Get(string name, Action<string> make) =>
        Files.GetOrAdd(name, _ => new Lazy<byte[]>(() =>
        {
            var path = Path.Combine(Folder, name);
            make(path);
            return File.ReadAllBytes(path);
        })).Value;

    private static void Convert(params string[] arguments) => Run("/usr/bin/convert", arguments);

    private static void ExifTool(params string[] arguments) => Run("exiftool", ["-q", "-overwrite_original", .. arguments]);

    private static void Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"{tool} could not start: apt-get install imagemagick libimage-exiftool-perl");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed: {error}");
        }
    }

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
