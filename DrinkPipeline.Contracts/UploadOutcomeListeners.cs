namespace DrinkPipeline.Contracts;

/// <summary>An upload that reached the end of the pipeline: ready, rejected or failed.</summary>
public sealed record UploadOutcome(string UploadId, string Status);

/// <summary>
/// How the worker finds the web copies to tell about outcomes (issue 13, "ready pushed"): each web copy keeps an
/// empty object under <see cref="Prefix"/> in the stack's bucket whose name is its own address, renewed every
/// <see cref="RenewEvery"/>; the worker lists the prefix and posts outcomes to the copies renewed within
/// <see cref="StaleAfter"/>. Outside <c>uploads/</c>, so these objects never reach the pipeline.
/// </summary>
public static class UploadOutcomeListeners
{
    public const string Prefix = "listeners/upload-outcomes/";

    /// <summary>The path on each web copy that takes outcomes, as JSON <c>[{uploadId, status}]</c>.</summary>
    public const string Path = "/internal/upload-outcomes";

    /// <summary>The header carrying the key both sides are configured with (section <c>OutcomePush</c>).</summary>
    public const string KeyHeader = "X-DrinkPipeline-Outcome-Key";

    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    public static string KeyFor(Uri listener) => Prefix + Uri.EscapeDataString(listener.GetLeftPart(UriPartial.Authority));

    public static Uri? ListenerOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) &&
        Uri.TryCreate(Uri.UnescapeDataString(key[Prefix.Length..]), UriKind.Absolute, out var listener) &&
        listener.Scheme is "http" or "https"
            ? listener
            : null;
}
