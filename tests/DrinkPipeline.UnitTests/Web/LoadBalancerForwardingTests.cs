using System.Net;
using DrinkPipeline.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.UnitTests.Web;

/// <summary>The browser address the upload limit counts when the web app runs behind the public load balancer.</summary>
public class LoadBalancerForwardingTests
{
    private static readonly IConfiguration BalancerSubnets = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownNetworks:0"] = "10.40.0.0/24",
            ["ForwardedHeaders:KnownNetworks:1"] = "10.40.1.0/24",
        })
        .Build();

    [Fact]
    public async Task TheBalancersLastHopIsTheClientNotWhatTheBrowserClaims()
    {
        // The browser sent "X-Forwarded-For: 6.6.6.6"; the balancer appended the address it saw.
        var seen = await ForwardAsync(BalancerSubnets, from: "10.40.1.17", forwardedFor: "6.6.6.6, 203.0.113.9", proto: "https");

        Assert.Equal(IPAddress.Parse("203.0.113.9"), seen.Connection.RemoteIpAddress);
        Assert.Equal("https", seen.Request.Scheme);
    }

    [Fact]
    public async Task ForwardedHeadersFromOutsideTheBalancersSubnetsAreIgnored()
    {
        var seen = await ForwardAsync(BalancerSubnets, from: "10.40.10.5", forwardedFor: "203.0.113.9", proto: "https");

        Assert.Equal(IPAddress.Parse("10.40.10.5"), seen.Connection.RemoteIpAddress);
        Assert.Equal("http", seen.Request.Scheme);
    }

    [Fact]
    public void WithoutConfiguredNetworksNothingIsBelieved()
    {
        Assert.Null(LoadBalancerForwarding.Options(new ConfigurationBuilder().Build()));
    }

    [Fact]
    public void AMalformedNetworkIsRefusedAtStart()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.40.0.0" })
            .Build();

        var exception = Assert.Throws<InvalidOperationException>(() => LoadBalancerForwarding.Options(configuration));
        Assert.Contains("CIDR", exception.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpContext> ForwardAsync(IConfiguration configuration, string from, string forwardedFor, string proto)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(from);
        context.Request.Scheme = "http";
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        context.Request.Headers["X-Forwarded-Proto"] = proto;
        var middleware = new ForwardedHeadersMiddleware(
            _ => Task.CompletedTask, NullLoggerFactory.Instance, Options.Create(LoadBalancerForwarding.Options(configuration)!));

        await middleware.Invoke(context);
        return context;
    }
}
