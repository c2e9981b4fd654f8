extern alias api;

using System.Net;
using api::DrinkPipeline.Api;
using DrinkPipeline.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace DrinkPipeline.UnitTests.Web;

/// <summary>Issue 21, item 8 (in part): the admin key's length, HSTS over HTTPS, sign-in attempts per visitor.</summary>
public sealed class ModeratorDefencesTests
{
    [Theory]
    [InlineData("Production", "short-key", false)]
    [InlineData("Production", "0123456789abcdef0123456789abcdef", true)]
    [InlineData("Production", "", true)]
    [InlineData("Development", "short-key", true)]
    public void AnAdminKeyShorterThan32CharactersStopsTheApiOutsideDevelopment(string environment, string key, bool accepted)
    {
        var result = new AdminKeyLength(new Environment(environment)).Validate(null, new AdminOptions { Key = key });

        Assert.Equal(accepted, result.Succeeded);
    }

    [Theory]
    [InlineData("https", true)]
    [InlineData("http", false)]
    public void PagesServedOverHttpsAskBrowsersToKeepToIt(string scheme, bool hsts)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;

        SecurityHeaders.Apply(context, "default-src 'self'");

        Assert.Equal(hsts, context.Response.Headers.StrictTransportSecurity.ToString() == "max-age=31536000");
    }

    [Fact]
    public void SignInAttemptsAreLimitedPerVisitorAndAnIpv6BlockIsOneVisitor()
    {
        using var throttle = new SignInThrottle();

        var allowed = Enumerable.Range(1, SignInThrottle.PerWindow + 1).Count(host => throttle.TryAttempt(IPAddress.Parse($"2001:db8:7:{host:x}::1")));

        Assert.Equal(SignInThrottle.PerWindow, allowed);
        Assert.True(throttle.TryAttempt(IPAddress.Parse("2001:db8:8::1")));
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "DrinkPipeline.Api";

        public string ContentRootPath { get; set; } = "";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
