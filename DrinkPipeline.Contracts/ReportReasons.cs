namespace DrinkPipeline.Contracts;

/// <summary>Why a photo is reported: a fixed list, so moderators can sort and count.</summary>
public static class ReportReasons
{
    public static readonly IReadOnlyList<string> All = ["spam", "offensive", "not-a-drink", "wrong-bar-or-drink", "other"];

    public const int MaxNoteLength = 500;

    /// <summary>Null when the note (optional) is acceptable: at most 500 characters, line breaks allowed, no other control characters.</summary>
    public static string? ValidateNote(string? note) => note switch
    {
        null => null,
        { Length: > MaxNoteLength } => $"note is {note.Length} characters long; the limit is {MaxNoteLength}.",
        _ when note.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) => "note contains a control character.",
        _ => null,
    };
}
