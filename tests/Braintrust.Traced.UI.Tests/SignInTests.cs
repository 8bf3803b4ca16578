using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

public sealed class SignInTests : UiTestBase
{
    [Test]
    public async Task A_wrong_key_is_refused_with_a_message_naming_the_api_key()
    {
        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await Page.GetByLabel("API key").FillAsync("not-a-real-key-0123456789");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("API key: invalid or revoked.");
        await ScreenshotAsync("sign-in");
    }

    [Test]
    public async Task Signing_in_sets_an_HttpOnly_SameSite_Strict_cookie_and_signing_out_ends_the_session()
    {
        await SignInAsync();
        var cookie = (await Page.Context.CookiesAsync()).Single(c => c.Name == "bt_traced_session");
        Assert.Multiple(() =>
        {
            Assert.That(cookie.HttpOnly, Is.True, "scripts must not read the session");
            Assert.That(cookie.SameSite, Is.EqualTo(SameSiteAttribute.Strict));
        });
        Assert.That(await Page.EvaluateAsync<string>("document.cookie"), Does.Not.Contain("bt_traced_session"));
        Assert.That(await Page.EvaluateAsync<string?>("localStorage.getItem('api-key') ?? JSON.stringify(Object.values(localStorage))"),
            Does.Not.Contain(UiTestServer.AdminKey), "the API key must not be kept in the browser");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(Page.GetByLabel("API key")).ToBeVisibleAsync();

        // The old cookie, replayed after sign-out, no longer opens the API.
        using var client = Server.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Add("Cookie", $"bt_traced_session={cookie.Value}");
        using var response = await client.GetAsync("/api/v1/projects");
        Assert.That((int)response.StatusCode, Is.EqualTo(401));
    }

    [Test]
    public async Task A_deep_link_opened_signed_out_returns_to_that_page_after_sign_in()
    {
        var log = await NewProjectAsync("deep-link");
        await log.InsertAsync(AgentTrace("deep-root", "What is the weather in Oslo?", "4 °C and cloudy."));
        var url = $"/orgs/{await Server.OrgIdAsync()}/projects/{log.ProjectId}/traces/deep-root?span=deep-root-tool";

        await Page.GotoAsync(url);
        await Expect(Page.GetByLabel("API key")).ToBeVisibleAsync();
        await Page.GetByLabel("API key").FillAsync(UiTestServer.AdminKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(Server.BaseUrl + url);
        var details = Page.GetByRole(AriaRole.Region, new() { Name = "Span details" });
        await Expect(details.GetByRole(AriaRole.Heading, new() { Name = "lookup_weather" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task The_org_picker_switches_between_orgs_signed_in_with_their_own_keys_and_each_sees_only_its_projects()
    {
        var (otherOrg, otherKey) = await Server.CreateOrgAsync("globex-" + Guid.NewGuid().ToString("N")[..6]);
        using var otherApi = Server.CreateClient(otherKey);
        await SpanLog.CreateProjectAsync(otherApi, "globex-secret-project");
        var mine = await NewProjectAsync("acme-visible");

        await SignInAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = mine.ProjectId })).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Projects" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("globex-secret-project")).ToHaveCountAsync(0);

        await Page.GetByLabel("Organization").SelectOptionAsync(new SelectOptionValue { Label = "+ Add organization…" });
        await Page.GetByLabel("API key").FillAsync(otherKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "globex-secret-project" })).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Organization")).ToHaveValueAsync(otherOrg.Id);

        await Page.GetByLabel("Organization").SelectOptionAsync(new SelectOptionValue { Label = UiTestServer.OrgName });
        await Expect(Page.GetByText("globex-secret-project")).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^acme-visible") })).ToBeVisibleAsync();

        await Page.GetByLabel("Project").SelectOptionAsync(mine.ProjectId);
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/projects/{mine.ProjectId}/logs$"));
        await Expect(Page.GetByRole(AriaRole.Grid, new() { Name = "Traces" })).ToBeVisibleAsync();
    }
}
