using System.Text;
using System.Text.Json;

namespace DrinkPipeline.IntegrationTests;

/// <summary>
/// Issue 21, item 7: every endpoint of the API (read from its own OpenAPI document, so a new one is swept too) and of
/// the web app gets every class of hostile input in each of its path, query and body places; none may answer 5xx.
/// </summary>
[Collection(AppCollection.Name)]
public class HostileInputSweepTests(DrinkPipelineAppFixture fixture) : AppTests(fixture)
{
    /// <summary>One of each class: control, format (zero-width), combining marks only, bidi overrides, emoji only, very long, traversal, markup, forged cursors and ids, out-of-range numbers.</summary>
    private static readonly string[] Values =
    [
        "\u0001\u0007\u001b\u007f",
        "\u200b\u200d\u2060\ufeff",
        "\u0301\u0308\u0301",
        "\u202eevil\u202c\u2066x\u2069",
        "🍹🍸",
        new('x', 5000),
        "../../etc/passwd",
        "<script>alert(1)</script>' OR 1=1 --",
        "eyJ2IjoxLCJrIjoiYSJ9.Zm9yZ2Vk",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "0195f3a2c4d67e89a0b1c2d3e4f5a6b7",
        "0195f3a2c4d67e89a0b1c2d3e4f5a6b7.9999999999.AAAAAAAAAAAAAAAAAAAAAA",
        "-1",
        "99999999999999999999999",
        "",
    ];

    /// <summary>Bytes no encoder would make: a lone surrogate, an overlong slash, a stray percent.</summary>
    private static readonly string[] RawPathValues = ["%ED%A0%80", "%C0%AF", "%", "%zz", "..%2F..%2F"];

    private static readonly (string Body, string ContentType)[] Bodies =
    [
        ("{not json", "application/json"),
        ("[]", "application/json"),
        ("null", "application/json"),
        ("\"just a string\"", "application/json"),
        ("{\"barName\":1e400,\"contentLength\":-1e30,\"reason\":[],\"note\":{}}", "application/json"),
        ("<upload><barName>x</barName></upload>", "application/xml"),
        ("barName=x&drinkName=y", "text/plain"),
        ("", "application/json"),
    ];

    [Fact]
    public async Task NoApiEndpointAnswersHostileInputWithA5xx()
    {
        using var document = JsonDocument.Parse(await Fixture.Api.GetStringAsync("/openapi/v1.json", Token));
        var failures = new List<string>();
        var sent = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var parameters = operation.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
                var query = parameters.Where(parameter => parameter.GetProperty("in").GetString() == "query").Select(parameter => parameter.GetProperty("name").GetString()!).ToList();
                foreach (var url in Urls(path.Name, query))
                {
                    sent++;
                    await ExpectNo5xxAsync(Fixture.Api, method, url, null, failures);
                }

                if (operation.Value.TryGetProperty("requestBody", out _))
                {
                    var url = Fill(path.Name, "0195f3a2c4d67e89a0b1c2d3e4f5a6b7");
                    foreach (var body in BodiesWithHostileNames())
                    {
                        sent++;
                        await ExpectNo5xxAsync(Fixture.Api, method, url, body, failures);
                    }
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} hostile requests to the API");
        Assert.True(sent > 500, $"only {sent} requests: the OpenAPI document lost its paths?");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task NoWebEndpointAnswersHostileInputWithA5xx()
    {
        string[] gets =
        [
            "/?cursor={0}", "/?handler=Status&watch={0}", "/upload-events?watch={0}", "/find?q={0}&cursor={0}", "/find?handler=Suggest&q={0}",
            "/Search?bar={0}&drink={0}&photo={0}", "/Search?handler=Bars&prefix={0}", "/Search?handler=Drinks&bar={0}&prefix={0}",
            "/bars/{0}", "/drinks/{0}", "/p/{0}", "/p/{0}/image", "/moderation/sign-in",
        ];
        string[] posts = ["/?handler=Presign", "/p/{0}?handler=Report", "/moderation/sign-in", UploadOutcomeListeners.Path];
        var failures = new List<string>();
        foreach (var template in gets)
        {
            foreach (var value in Values.Select(Uri.EscapeDataString).Concat(RawPathValues))
            {
                await ExpectNo5xxAsync(Fixture.Web, HttpMethod.Get, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, value), null, failures);
            }
        }

        foreach (var template in posts)
        {
            var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, "0195f3a2c4d67e89a0b1c2d3e4f5a6b7");
            foreach (var body in BodiesWithHostileNames())
            {
                await ExpectNo5xxAsync(Fixture.Web, HttpMethod.Post, url, body, failures);
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>Each hostile value in each path parameter and each query parameter, one place at a time.</summary>
    private static IEnumerable<string> Urls(string template, List<string> queryParameters)
    {
        var values = Values.Select(Uri.EscapeDataString).ToList();
        if (template.Contains('{', StringComparison.Ordinal))
        {
            foreach (var value in values.Where(value => value.Length > 0).Concat(RawPathValues))
            {
                yield return Fill(template, value);
            }
        }

        foreach (var name in queryParameters)
        {
            foreach (var value in values)
            {
                yield return $"{Fill(template, "0195f3a2c4d67e89a0b1c2d3e4f5a6b7")}?{name}={value}";
            }
        }
    }

    private static string Fill(string template, string value) =>
        System.Text.RegularExpressions.Regex.Replace(template, "\\{[^}]+\\}", value.Replace("$", "$$", StringComparison.Ordinal));

    /// <summary>Malformed and mistyped bodies, a 5 MB one, and well-formed JSON whose every field is hostile.</summary>
    private static IEnumerable<(string Body, string ContentType)> BodiesWithHostileNames()
    {
        foreach (var body in Bodies)
        {
            yield return body;
        }

        yield return ($"{{\"barName\":\"{new string('x', 5 * 1024 * 1024)}\"}}", "application/json");
        foreach (var value in Values)
        {
            var fields = new Dictionary<string, object>
            {
                ["barName"] = value, ["drinkName"] = value, ["fileName"] = value, ["contentType"] = value, ["contentLength"] = value,
                ["reason"] = value, ["note"] = value, ["uploadId"] = value, ["status"] = value, ["key"] = value,
            };
            yield return (JsonSerializer.Serialize(fields), "application/json");
            yield return (JsonSerializer.Serialize(new object[] { fields }), "application/json");
        }
    }

    private async Task ExpectNo5xxAsync(HttpClient client, HttpMethod method, string url, (string Body, string ContentType)? body, List<string> failures)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is { } content)
        {
            request.Content = new StringContent(content.Body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(content.ContentType);
            // A server may refuse a large body from its headers and close the connection: with 100-continue the
            // refusal is read instead of the send failing.
            request.Headers.ExpectContinue = content.Body.Length > 64 * 1024;
        }

        if (url.StartsWith("/api/admin", StringComparison.Ordinal))
        {
            // Past the filter, so each handler meets the input itself.
            request.Headers.Add("X-Admin-Key", Fixture.AdminKey);
        }

        Fixture.ForwardFor(request, Client.ClientAddress);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{method} {Shorten(url)} {(body is { } b ? $"[{b.ContentType} {Shorten(b.Body)}]" : "")} → {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException exception)
        {
            failures.Add($"{method} {Shorten(url)} {(body is { } b ? $"[{b.ContentType} {Shorten(b.Body)}]" : "")} → connection failed: {exception.Message} {exception.InnerException?.Message}");
        }
    }

    private static string Shorten(string text) => text.Length > 120 ? $"{text[..120]}… ({text.Length} chars)" : text;
}
