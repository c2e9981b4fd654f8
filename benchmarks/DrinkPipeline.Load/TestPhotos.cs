using NetVips;

namespace DrinkPipeline.Load;

/// <summary>800 × 600 JPEGs (quality 85) with gradients and noise, so they compress like photos, not like flat colour.</summary>
public static class TestPhotos
{
    public static IReadOnlyList<byte[]> Make(int count) =>
        Enumerable.Range(0, count).Select(seed =>
        {
            using var xyz = Image.Xyz(800, 600);
            using var red = xyz[0] * (255.0 / 800);
            using var green = xyz[1] * (255.0 / 600);
            using var blue = Image.Gaussnoise(800, 600, sigma: 40, mean: 128, seed: seed);
            using var rgb = red.Bandjoin(green, blue).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
            return rgb.JpegsaveBuffer(q: 85);
        }).ToList();
}
