using System.Globalization;
using System.Text;

namespace DrinkPipeline.Contracts;

/// <summary>
/// What a bar or drink name may be, and the two derived keys that decide identity and search.
/// Names are kept as given; only the keys are normalised.
/// </summary>
public static class NameRules
{
    public const int MaxLength = 100;

    /// <summary>
    /// Returns null when the name is acceptable, otherwise a sentence saying why not. A name holds at least one letter or
    /// digit: one made only of marks, symbols or punctuation has no search key, so nothing could find it.
    /// </summary>
    public static string? Validate(string? name, string field) =>
        ValidateText(name, field) ?? (name!.EnumerateRunes().Any(rune => Rune.IsLetter(rune) || Rune.IsNumber(rune)) ? null : $"{field} must contain at least one letter or digit.");

    /// <summary>What a name prefix (autocomplete) must be: sane text; one that normalises to nothing matches nothing.</summary>
    public static string? ValidatePrefix(string prefix, string field) => ValidateText(prefix, field);

    private static string? ValidateText(string? name, string field)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"{field} must not be blank.";
        }

        if (name.Length != name.Trim().Length)
        {
            return $"{field} must not start or end with whitespace.";
        }

        var length = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"{field} contains an unpaired surrogate (invalid Unicode).";
            }
            else if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return $"{field} contains a control character (U+{(int)c:X4}).";
            }

            length++;
        }

        if (length > MaxLength)
        {
            return $"{field} is {length} characters long; the limit is {MaxLength}.";
        }

        return null;
    }

    /// <summary>
    /// Identity key: two names are the same bar (or drink) when these are equal.
    /// NFC, then case folding approximated by upper- then lower-casing (invariant culture), so "ß"/"SS" stay distinct
    /// but "Joe's Bar" and "JOE'S BAR" meet.
    /// </summary>
    public static string IdentityKey(string name) =>
        name.Normalize(NormalizationForm.FormC).ToUpperInvariant().ToLowerInvariant();

    /// <summary>Search key: the identity key with accents (combining marks) removed, for prefix search.</summary>
    public static string SearchKey(string name)
    {
        var decomposed = IdentityKey(name).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The words of a name's search key, split at anything that is not a letter or digit ("Joe's Bar": joe, s, bar),
    /// each once, in order of first appearance.
    /// </summary>
    public static IReadOnlyList<string> Words(string name)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in (SearchKey(name) + " ").EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                word.Append(rune.ToString());
            }
            else if (word.Length > 0)
            {
                if (!words.Contains(word.ToString()))
                {
                    words.Add(word.ToString());
                }

                word.Clear();
            }
        }

        return words;
    }

    /// <summary>Length in whole characters (runes), as the search limits count them.</summary>
    public static int RuneCount(string text) => text.EnumerateRunes().Count();
}
