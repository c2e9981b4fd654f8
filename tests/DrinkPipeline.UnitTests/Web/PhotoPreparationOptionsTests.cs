using System.ComponentModel.DataAnnotations;
using System.Reflection;
using DrinkPipeline.Imaging;
using DrinkPipeline.Web;

namespace DrinkPipeline.UnitTests.Web;

public sealed class PhotoPreparationOptionsTests
{
    [Fact]
    public void APreparedPhotoIsNeverSmallerThanTheDisplayRenditionMadeFromIt()
    {
        var range = typeof(PhotoPreparationOptions).GetProperty(nameof(PhotoPreparationOptions.LongSide))!.GetCustomAttribute<RangeAttribute>()!;

        Assert.Equal(PhotoImaging.DisplaySide, (int)range.Minimum);
        Assert.True(new PhotoPreparationOptions().LongSide > PhotoImaging.DisplaySide);
    }

    [Theory]
    [InlineData(1599, 0.85)]
    [InlineData(2048, 0.3)]
    [InlineData(2048, 1.5)]
    public void SettingsOutsideTheirRangeAreRefused(int longSide, double quality)
    {
        var options = new PhotoPreparationOptions { LongSide = longSide, Quality = quality };

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }
}
