using System.Net;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Auth;

/// <summary>Every endpoint, tried with org B's key against org A's data: B never reads or writes it.</summary>
[TestFixture(StoreBackend.Sqlite)]
[TestFixture(StoreBackend.Postgres)]
public sealed class OrgIsolationTests(StoreBackend backend)
{
    private TestServer _server = null!;
    private HttpClient _orgB = null!;
    private string _projectA = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await TestServer.StartAsync(backend);
        (_, _orgB, _) = await _server.CreateOrgAsync("org-b");
        _projectA = await _server.RegisterProjectAsync("a-private");
        var root = Rows.Span(_projectA, "a-root", "a-span", "a-trace");
        root["input"] = "org a secret";
        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(root));
        await _server.Client.PostObjectAsync("/logs3", Rows.Logs3(new JsonObject
        {
            ["id"] = "a-comment", ["project_id"] = _projectA, ["log_id"] = "g",
            ["origin"] = new JsonObject { ["id"] = "a-root" }, ["comment"] = new JsonObject { ["text"] = "a note" },
        }));
    }

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    /// <summary>(method, path, body) of every endpoint that addresses org A's project or trace.</summary>
    private IEnumerable<(HttpMethod Method, string Path, JsonNode? Body)> EndpointsOnProjectA() =>
    [
        (HttpMethod.Get, $"/api/project?id={_projectA}", null),
        (HttpMethod.Post, "/logs3", Rows.Logs3(Rows.Merge(_projectA, "a-root", new JsonObject { ["output"] = "written by b" }))),
        (HttpMethod.Post, $"/v1/project_logs/{_projectA}/insert", new JsonObject { ["events"] = new JsonArray(new JsonObject { ["input"] = "b" }) }),
        (HttpMethod.Post, $"/v1/project_logs/{_projectA}/feedback", new JsonObject { ["feedback"] = new JsonArray(new JsonObject { ["id"] = "a-root", ["comment"] = "b" }) }),
        (HttpMethod.Get, $"/v1/project_logs/{_projectA}/fetch", null),
        (HttpMethod.Post, $"/v1/project_logs/{_projectA}/fetch", new JsonObject()),
        (HttpMethod.Get, $"/api/v1/projects/{_projectA}", null),
        (HttpMethod.Get, $"/api/v1/projects/{_projectA}/traces", null),
        (HttpMethod.Get, $"/api/v1/projects/{_projectA}/traces/a-trace", null),
        (HttpMethod.Get, $"/api/v1/projects/{_projectA}/spans/a-root", null),
        (HttpMethod.Get, $"/api/v1/projects/{_projectA}/monitor", null),
        (HttpMethod.Get, $"/api/v1/projects/{_projectA}/live", null),
    ];

    private static HttpRequestMessage Request(HttpMethod method, string path, JsonNode? body)
        => new(method, path) { Content = body is null ? null : TestServer.Json(body) };

    [Test]
    public async Task Another_orgs_key_gets_404_on_every_endpoint_of_this_orgs_project_and_changes_nothing()
    {
        foreach (var (method, path, body) in EndpointsOnProjectA())
        {
            var response = await _orgB.SendAsync(Request(method, path, body));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{method} {path}: {await response.Content.ReadAsStringAsync()}");
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("org a secret"));
        }

        var fetched = await _server.Client.GetObjectAsync($"/v1/project_logs/{_projectA}/fetch");
        var rows = fetched["events"]!.AsArray();
        Assert.That(rows.Select(r => r!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "a-root" }));
        Assert.That(rows[0]!["output"], Is.Null, "org B's merge did not reach org A's row");
        var span = await _server.Client.GetObjectAsync($"/api/v1/projects/{_projectA}/spans/a-root");
        Assert.That(span["comments"]!.AsArray().Select(c => c!["text"]!.GetValue<string>()), Is.EqualTo(new[] { "a note" }));
    }

    [Test]
    public async Task Listings_and_login_show_only_the_callers_org()
    {
        var login = await HttpJson.ReadObjectAsync(await _orgB.PostAsync("/api/apikey/login", null), HttpStatusCode.OK);
        Assert.That(login["org_info"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "org-b" }));
        var v1 = await _orgB.GetObjectAsync("/v1/project");
        Assert.That(v1["objects"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()), Does.Not.Contain(_projectA));
        var api = await _orgB.GetObjectAsync("/api/v1/projects");
        Assert.That(api["projects"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()), Does.Not.Contain(_projectA));
    }

    [Test]
    public async Task Registering_a_project_with_the_same_name_gives_each_org_its_own_project()
    {
        var projectB = await TestServer.RegisterProjectAsync(_orgB, "a-private");
        Assert.That(projectB, Is.Not.EqualTo(_projectA));
        var traces = await _orgB.GetObjectAsync($"/api/v1/projects/{projectB}/traces");
        Assert.That(traces["traces"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Naming_another_org_in_register_or_create_is_refused()
    {
        var login = await _server.Client.PostObjectAsync("/api/apikey/login", new JsonObject());
        var orgAId = login["org_info"]![0]!["id"]!.GetValue<string>();
        var register = await _orgB.PostJsonAsync("/api/project/register", new JsonObject { ["project_name"] = "x", ["org_id"] = orgAId });
        Assert.That(register.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var create = await _orgB.PostJsonAsync("/v1/project", new JsonObject { ["name"] = "x", ["org_name"] = "org-a" });
        Assert.That(create.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
