namespace DrinkPipeline.Web.Pages;

/// <summary>
/// A text field with suggestions from <c>SuggestionSource</c> (see _Autocomplete.cshtml). <c>DependsOn</c> names the
/// id of a field whose value the suggestions also need (a drink's suggestions need its bar).
/// </summary>
public sealed record AutocompleteField(string Id, string Name, string Label, string? Value, string SuggestionSource, string? DependsOn = null);
