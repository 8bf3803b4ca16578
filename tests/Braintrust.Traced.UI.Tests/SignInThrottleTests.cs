using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

/// <summary>
/// Failed sign-ins are throttled per client. Each test acts from its own loopback address (127.0.0.x), so the
/// server sees distinct clients; the browser test is the only one that uses 127.0.0.1.
/// </summary>
public sealed class SignInThrottleTests : UiTestBase
{
    private const int FreeAttempts = 5;

    [Test]
    public async Task Repeated_failures_from_one_client_get_429_with_Retry_After_while_other_clients_still_sign_in()
    {
        using var guesser = Server.CreateClient(apiKey: null, LoopbackClient.From("127.0.0.2"));
        for (var i = 0; i < FreeAttempts; i++)
        {
            using var refused = await SignInAsync(guesser, $"wrong-key-{i}-0123456789abcdef");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"attempt {i + 1} is checked");
        }

        using var throttled = await SignInAsync(guesser, "wrong-key-again-0123456789abcdef");
        Assert.That(throttled.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.That(retryAfter, Is.Not.Null.And.GreaterThan(TimeSpan.Zero), "Retry-After says how long to wait");
        var problem = (await throttled.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Multiple(() =>
        {
            Assert.That(problem["field"]?.GetValue<string>(), Is.EqualTo("api_key"));
            Assert.That(problem["detail"]?.GetValue<string>(), Does.Contain("too many failed sign-ins"));
        });

        // Throttled means not even checked: the right key from the same client waits too.
        using var rightKeyTooSoon = await SignInAsync(guesser, UiTestServer.AdminKey);
        Assert.That(rightKeyTooSoon.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        // Another client is not affected by the guesser's failures.
        using var colleague = Server.CreateClient(apiKey: null, LoopbackClient.From("127.0.0.3"));
        using var signedIn = await SignInAsync(colleague, UiTestServer.AdminKey);
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_successful_sign_in_forgives_the_clients_earlier_typos()
    {
        using var client = Server.CreateClient(apiKey: null, LoopbackClient.From("127.0.0.4"));
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < FreeAttempts - 1; i++)
            {
                using var typo = await SignInAsync(client, $"typo-{round}-{i}-0123456789abcdef");
                Assert.That(typo.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            }
            using var signedIn = await SignInAsync(client, UiTestServer.AdminKey);
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"round {round + 1}: the right key still signs in");
        }
    }

    [Test]
    public async Task The_sign_in_page_says_how_long_to_wait_when_throttled()
    {
        await Page.GotoAsync("/sign-in");
        for (var i = 0; i < FreeAttempts; i++)
        {
            await Page.GetByLabel("API key").FillAsync($"not-a-real-key-{i}-0123456789");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("API key: invalid or revoked.");
        }
        await Page.GetByLabel("API key").FillAsync("not-a-real-key-last-0123456789");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            new System.Text.RegularExpressions.Regex(@"^Too many failed sign-ins from this computer\. Try again in \d+ seconds\.$"));
        await ScreenshotAsync("sign-in-throttled");
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string apiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ui/session") { Content = JsonContent.Create(new { api_key = apiKey }) };
        request.Headers.Add("X-Braintrust-UI", "1");
        return client.SendAsync(request);
    }
}
