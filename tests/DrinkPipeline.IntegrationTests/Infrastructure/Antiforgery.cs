using System.Text.RegularExpressions;

namespace DrinkPipeline.IntegrationTests;

/// <summary>The antiforgery token a page's form carries, as a browser would post it back.</summary>
public static partial class Antiforgery
{
    public static string TokenIn(string html) => TokenField().Match(html).Groups["token"].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenField();
}
