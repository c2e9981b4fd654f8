extern alias api;
using System.Text.Json.Nodes;
using api::DrinkPipeline.Api;
using Microsoft.Extensions.Options;

namespace DrinkPipeline.UnitTests;

public class PageCursorsTests
{
    private static PageCursors WithKey(string key) => new(Options.Create(new PagingOptions { CursorKey = key }));

    private readonly PageCursors cursors = WithKey("a key shared by every copy");

    [Fact]
    public void ACursorReadsBackItsPositionInItsScopeOnAnyCopyWithTheKey()
    {
        var cursor = cursors.Create("drinks|joe's bar|", new JsonObject { ["BarName"] = "joe's bar" });

        Assert.True(WithKey("a key shared by every copy").TryRead(cursor, "drinks|joe's bar|", out var position, out var problem));
        Assert.Equal("joe's bar", position!["BarName"]!.GetValue<string>());
        Assert.Null(problem);
    }

    [Fact]
    public void NoCursorIsTheFirstPage()
    {
        Assert.True(cursors.TryRead(null, "recent", out var position, out _));
        Assert.Null(position);
    }

    [Fact]
    public void AChangedForeignOrMalformedCursorIsRefusedWithAReason()
    {
        var cursor = cursors.Create("recent", new JsonObject { ["ReadyAt"] = "2026-12-03T10:00:00.0000000Z" });
        var payload = cursor[..cursor.IndexOf('.', StringComparison.Ordinal)];
        var changed = (payload[0] == 'e' ? "f" : "e") + cursor[1..];

        foreach (var (candidate, scope, reader) in new[]
        {
            (changed, "recent", cursors),
            (cursor, "bars|", cursors),
            (cursor, "recent", WithKey("another key")),
            ("no-dot", "recent", cursors),
            ("!!.!!", "recent", cursors),
            (payload + ".", "recent", cursors),
        })
        {
            Assert.False(reader.TryRead(candidate, scope, out _, out var problem), candidate);
            Assert.Contains("nextCursor", problem);
        }
    }
}
