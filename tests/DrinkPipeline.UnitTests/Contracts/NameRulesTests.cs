using DrinkPipeline.Contracts;
namespace DrinkPipeline.UnitTests;

public class NameRulesTests
{
    [Theory]
    [InlineData(null, "must not be blank")]
    [InlineData("", "must not be blank")]
    [InlineData("   ", "must not be blank")]
    [InlineData(" Joe", "whitespace")]
    [InlineData("Joe\t", "whitespace")]
    [InlineData("Jo\u0000e", "control character (U+0000)")]
    [InlineData("Jo\ne", "control character (U+000A)")]
    [InlineData("Jo\u007Fe", "control character (U+007F)")]
    [InlineData("Jo\u2028e", "control character (U+2028)")]
    public void ValidateExplainsWhatIsWrong(string? name, string expected)
    {
        var problem = NameRules.Validate(name, "barName");

        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
        Assert.StartsWith("barName", problem);
    }

    [Fact]
    public void ValidateRejectsUnpairedSurrogates()
    {
        // Built in code: test-case serialisation would replace a lone surrogate before the test sees it.
        foreach (var name in new[] { "Jo\uD800e", "Jo\uDC00", "\uDBFF" })
        {
            Assert.Contains("unpaired surrogate", NameRules.Validate(name, "barName"));
        }
    }

    [Fact]
    public void ValidateCountsCharactersNotUtf16Units()
    {
        Assert.Null(NameRules.Validate("a" + string.Concat(Enumerable.Repeat("🍹", 99)), "drinkName"));
        Assert.Contains("101 characters", NameRules.Validate(new string('a', 101), "drinkName"));
    }

    [Theory]
    [InlineData("Joe's Bar")]
    [InlineData("Café Über & Co")]
    [InlineData("🍹/..%1")]
    [InlineData("Ⅻ")]
    [InlineData("٣")]
    public void ValidateAcceptsOrdinaryAndOddNames(string name)
    {
        Assert.Null(NameRules.Validate(name, "barName"));
    }

    [Theory]
    [InlineData("Joe's Bar", "JOE'S BAR")]
    [InlineData("Café", "CAFÉ")]
    [InlineData("Caf\u00E9", "Cafe\u0301")]
    public void IdentityKeyTreatsCaseAndNormalisationAsTheSameName(string left, string right)
    {
        Assert.Equal(NameRules.IdentityKey(left), NameRules.IdentityKey(right));
    }

    [Fact]
    public void IdentityKeyKeepsAccentsApart()
    {
        Assert.NotEqual(NameRules.IdentityKey("Café"), NameRules.IdentityKey("Cafe"));
    }

    [Theory]
    [InlineData("Café Über", "cafe uber")]
    [InlineData("CRÈME Brûlée", "creme brulee")]
    [InlineData("Zoë's", "ZOE'S")]
    public void SearchKeyIgnoresAccentsAndCase(string name, string query)
    {
        Assert.Equal(NameRules.SearchKey(name), NameRules.SearchKey(query));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("\u0301\u0301")]
    [InlineData("🍹")]
    [InlineData("!!!")]
    public void ValidateRefusesNamesWithoutALetterOrDigit(string name)
    {
        Assert.Equal("barName must contain at least one letter or digit.", NameRules.Validate(name, "barName"));
    }

    [Fact]
    public void APrefixOfOnlyMarksIsValidTextThatMatchesNothing()
    {
        Assert.Null(NameRules.ValidatePrefix("\u0301", "prefix"));
        Assert.Equal("", NameRules.SearchKey("\u0301"));
    }
}
