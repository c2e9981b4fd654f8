using Microsoft.AspNetCore.HttpOverrides;

namespace DrinkPipeline.Web;

/// <summary>
/// Behind a load balancer (ECS: the public ALB) every connection comes from the balancer; the browser's address is
/// the hop the balancer appended last to <c>X-Forwarded-For</c>, and <c>X-Forwarded-Proto</c> says whether the browser
/// used HTTPS. Both are believed only from the networks in <c>ForwardedHeaders:KnownNetworks</c> (the balancer's
/// subnets; the template sets them) and only one hop deep, so a browser that sends its own X-Forwarded-For cannot pick
/// the address the upload limit counts. Unset (local runs) nothing is believed.
/// </summary>
public static class LoadBalancerForwarding
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>The options for the networks configured; null when none are (then the middleware is not used).</summary>
    public static ForwardedHeadersOptions? Options(IConfiguration configuration)
    {
        var networks = configuration.GetSection($"{SectionName}:KnownNetworks").Get<string[]>() ?? [];
        if (networks.Length == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        // The defaults trust loopback only; here only the balancer's networks are trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"{SectionName}:KnownNetworks has '{network}', which is not a network in CIDR notation (10.40.0.0/24)."));
        }

        return options;
    }

    public static IApplicationBuilder UseLoadBalancerForwarding(this IApplicationBuilder app, IConfiguration configuration) =>
        Options(configuration) is { } options ? app.UseForwardedHeaders(options) : app;
}
