using DrinkPipeline.Web.UploadOutcomes;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.UnitTests.Web;

/// <summary>Issue 21, item 4: a few event streams per client on a web copy, one IPv6 /48 being one client.</summary>
public sealed class StreamAdmissionTests
{
    [Fact]
    public void AClientHoldsAFewStreamsAndGetsAPlaceBackWhenOneEnds()
    {
        var admission = new StreamAdmission(Options.Create(new UploadEventsOptions { StreamsPerClient = 3 }));

        var places = new[] { "2001:db8:1::1", "2001:db8:1:ff::2", "2001:db8:1:1234::3" }.Select(admission.TryAdmit).ToList();
        var fourth = admission.TryAdmit("2001:db8:1:5678::4");
        var otherClient = admission.TryAdmit("2001:db8:2::1");
        places[0]!.Dispose();
        places[0]!.Dispose();
        var afterOneEnded = admission.TryAdmit("2001:db8:1::9");

        Assert.All(places, Assert.NotNull);
        Assert.Null(fourth);
        Assert.NotNull(otherClient);
        Assert.NotNull(afterOneEnded);
        Assert.Null(admission.TryAdmit("2001:db8:1::a"));
    }
}
