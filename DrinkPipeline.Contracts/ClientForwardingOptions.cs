namespace DrinkPipeline.Contracts;

/// <summary>
/// Section <c>ClientForwarding</c>: the key the web app presents when it forwards a browser's address to the API (for its
/// per-client limits). The AppHost generates one per run and gives it to both; without a key no forwarded address is
/// believed.
/// </summary>
public sealed class ClientForwardingOptions
{
    public const string SectionName = "ClientForwarding";

    /// <summary>The header carrying the key, sent by the web app and checked by the API.</summary>
    public const string KeyHeader = "X-DrinkPipeline-Forwarding-Key";

    public string? Key { get; set; }
}
