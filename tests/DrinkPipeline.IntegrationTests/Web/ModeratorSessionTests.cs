using System.Net;
using System.Net.Http.Json;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Issue 21, item 8: the moderators' cookie holds a session the API can revoke, not the key; signing out revokes it,
/// so a copy of the cookie taken before opens nothing after.
/// </summary>
[Collection(AppCollection.Name)]
public class ModeratorSessionTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    [Fact]
    public async Task ASessionOpenedWithTheKeyActsForItUntilItIsClosed()
    {
        using var opened = await AdminAsync(HttpMethod.Post, "/api/admin/sessions", key: Fixture.AdminKey);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var session = (await opened.Content.ReadFromJsonAsync<ModeratorSession>(PipelineClient.Json, Token))!;
        Assert.InRange(session.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(7.9), TimeSpan.FromHours(8));

        using (var listed = await AdminAsync(HttpMethod.Get, "/api/admin/reports", session: session.Token))
        {
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        }

        using (var another = await AdminAsync(HttpMethod.Post, "/api/admin/sessions", session: session.Token))
        {
            await ProblemAssert.IsProblemAsync(another, HttpStatusCode.Forbidden, "Only the administrators' key");
        }

        using (var closed = await AdminAsync(HttpMethod.Delete, "/api/admin/sessions/current", session: session.Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        }

        foreach (var presented in new[] { session.Token, new string('A', 43), "not a session" })
        {
            using var refused = await AdminAsync(HttpMethod.Get, "/api/admin/reports", session: presented);
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized, "X-Moderator-Session");
        }
    }

    [Fact]
    public async Task SigningOutRevokesTheSessionEvenForACopyOfTheCookie()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Fixture.Web.BaseAddress };
        var form = await browser.GetStringAsync("/moderation/sign-in", Token);
        using (var signedIn = await browser.PostAsync("/moderation/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Key"] = Fixture.AdminKey,
            ["__RequestVerificationToken"] = Antiforgery.TokenIn(form),
        }), Token))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var stolen = cookies.GetCookieHeader(new Uri(Fixture.Web.BaseAddress!, "/moderation"));
        Assert.DoesNotContain(Fixture.AdminKey, stolen, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetModerationAsync(stolen)).StatusCode);
        var page = await browser.GetStringAsync("/moderation", Token);
        using (var signedOut = await browser.PostAsync("/moderation?handler=SignOut", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Antiforgery.TokenIn(page),
        }), Token))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        }

        using var replayed = await GetModerationAsync(stolen);

        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.EndsWith("/moderation/sign-in", replayed.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> GetModerationAsync(string cookieHeader)
    {
        using var other = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Fixture.Web.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/moderation");
        request.Headers.Add("Cookie", cookieHeader);
        return await other.SendAsync(request, Token);
    }

    private Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, string? key = null, string? session = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("X-Admin-Key", key);
        }

        if (session is not null)
        {
            request.Headers.Add(ModeratorSession.Header, session);
        }

        return Fixture.Api.SendAsync(request, Token);
    }
}
