namespace DrinkPipeline.Contracts;

/// <summary>Section <c>OutcomePush</c>: the key the worker presents to the web copies; without one nothing is pushed.</summary>
public sealed class OutcomePushOptions
{
    public const string SectionName = "OutcomePush";

    public string? Key { get; set; }
}
