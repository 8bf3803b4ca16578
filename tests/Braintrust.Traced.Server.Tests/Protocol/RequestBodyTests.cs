using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Braintrust.Traced.Server.Tests.Infrastructure;

namespace Braintrust.Traced.Server.Tests.Protocol;

/// <summary>
/// Request bodies are read into pooled buffers and parsed in place (released when the request ends). A body of
/// unknown length (chunked) much larger than the first read must arrive whole, and the buffers reused by later
/// requests must never leak one request's rows into another's.
/// </summary>
public sealed class RequestBodyTests
{
    private TestServer _server = null!;
    private string _projectId = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await TestServer.StartAsync(StoreBackend.Sqlite);
        _projectId = await _server.RegisterProjectAsync("bodies");
    }

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task Chunked_bodies_of_several_hundred_kilobytes_are_stored_row_for_row()
    {
        for (var request = 0; request < 3; request++)
        {
            var rows = Enumerable.Range(0, 150).Select(i =>
            {
                var row = Rows.Span(_projectId, $"b{request}-{i}", $"s{request}-{i}", $"t{request}");
                row["output"] = $"request {request} row {i} " + new string('x', 1000 + request * 500);
                return row;
            }).ToArray();
            using var message = new HttpRequestMessage(HttpMethod.Post, "/logs3")
            {
                Content = new StringContent(Rows.Logs3(rows).ToJsonString(), Encoding.UTF8, "application/json"),
            };
            message.Headers.TransferEncodingChunked = true;
            var response = await _server.Client.SendAsync(message);
            var answer = await HttpJson.ReadObjectAsync(response, HttpStatusCode.OK);
            Assert.That(answer["ids"]!.AsArray(), Has.Count.EqualTo(150));
        }

        var fetched = await _server.Client.GetObjectAsync($"/v1/project_logs/{_projectId}/fetch?limit=1000");
        var outputs = fetched["events"]!.AsArray().ToDictionary(e => e!["id"]!.GetValue<string>(), e => e!["output"]!.GetValue<string>());
        Assert.That(outputs, Has.Count.EqualTo(450));
        Assert.That(outputs["b0-149"], Is.EqualTo("request 0 row 149 " + new string('x', 1000)));
        Assert.That(outputs["b2-0"], Is.EqualTo("request 2 row 0 " + new string('x', 2000)));
    }

    [Test]
    public async Task A_body_cut_off_mid_json_is_a_400_naming_the_body()
    {
        var response = await _server.Client.PostJsonAsync("/logs3", "{\"rows\": [{\"id\": \"a\"");
        var problem = await HttpJson.ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("is not valid JSON"));
    }
}
