using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Braintrust.Traced.UI.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Braintrust.Traced.UI.Tests;

public sealed class LogsAndTraceTests : UiTestBase
{
    private ILocator Table => Page.GetByRole(AriaRole.Grid, new() { Name = "Traces" });

    private ILocator Tree => Page.GetByRole(AriaRole.Tree, new() { Name = "Spans" });

    private ILocator Details => Page.GetByRole(AriaRole.Region, new() { Name = "Span details" });

    private ILocator TracePanel => Page.GetByRole(AriaRole.Complementary, new() { Name = "Trace" });

    private ILocator Row(string text) => Table.GetByRole(AriaRole.Row).Filter(new() { HasText = text });

    [Test]
    public async Task A_user_finds_a_trace_opens_it_expands_the_tree_and_reads_a_spans_input_and_output()
    {
        var log = await NewProjectAsync("support-bot");
        await log.InsertAsync(AgentTrace("t-oslo", "What is the weather in Oslo?", "4 °C and cloudy.", secondsAgo: 20));
        await log.InsertAsync(AgentTrace("t-rome", "What is the weather in Rome?", "18 °C and sunny.", secondsAgo: 10, city: "Rome"));
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));

        await Expect(Row("Rome")).ToBeVisibleAsync();
        await Page.GetByLabel("Search").FillAsync("Oslo");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Row("Rome")).ToHaveCountAsync(0);
        await Expect(Row("Oslo")).ToContainTextAsync("4 °C and cloudy.");
        await Expect(Row("Oslo")).ToContainTextAsync("59"); // tokens summed over the trace
        await Expect(Row("Oslo")).ToContainTextAsync("prod");
        await ScreenshotAsync("logs-table");

        await Row("Oslo").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/traces/t-oslo\\?q=Oslo|/traces/t-oslo"));
        await Expect(Tree.GetByRole(AriaRole.Treeitem)).ToHaveCountAsync(3);

        await Tree.GetByRole(AriaRole.Button, new() { Name = "Collapse chat.completions" }).ClickAsync();
        await Expect(Tree.GetByText("lookup_weather")).ToHaveCountAsync(0);
        await Tree.GetByRole(AriaRole.Button, new() { Name = "Expand chat.completions" }).ClickAsync();
        await Tree.GetByText("lookup_weather").ClickAsync();

        await Expect(Details.GetByRole(AriaRole.Heading, new() { Name = "lookup_weather" })).ToBeVisibleAsync();
        await Expect(Details.Locator("[data-section='Input']")).ToContainTextAsync("\"city\": \"Oslo\"");
        await Expect(Details.Locator("[data-section='Output']")).ToContainTextAsync("\"celsius\": 4");

        // Sections copy their pretty JSON and fold away.
        await Details.GetByRole(AriaRole.Button, new() { Name = "Copy Input" }).ClickAsync();
        await Expect(Details.GetByRole(AriaRole.Button, new() { Name = "Copy Input" })).ToHaveTextAsync("Copied");
        Assert.That(await Page.EvaluateAsync<string>("navigator.clipboard.readText()"), Is.EqualTo("{\n  \"city\": \"Oslo\"\n}"));
        await Details.GetByRole(AriaRole.Button, new() { Name = "▾ Output" }).ClickAsync();
        await Expect(Details.Locator("[data-section='Output']")).Not.ToContainTextAsync("celsius");

        // The LLM span reads as a chat transcript with its model and token counts.
        await Tree.GetByText("chat.completions").ClickAsync();
        await Expect(Details.Locator(".chat-message.role-system")).ToContainTextAsync("You are a helpful assistant.");
        await Expect(Details.Locator(".chat-message.role-user")).ToContainTextAsync("What is the weather in Oslo?");
        await Expect(Details.Locator(".chat-message.role-assistant")).ToContainTextAsync("4 °C and cloudy.");
        await Expect(Details.Locator(".llm-summary")).ToContainTextAsync("gpt-4o-mini");
        await Expect(Details.Locator(".llm-summary")).ToContainTextAsync("42 prompt · 17 completion · 59 total");
        await ScreenshotAsync("trace-view");

        // The selected span is in the URL: a reload shows the same span.
        await Expect(Page).ToHaveURLAsync(new Regex("span=t-oslo-llm"));
        await Page.ReloadAsync();
        await Expect(Details.GetByRole(AriaRole.Heading, new() { Name = "chat.completions" })).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_late_answer_for_the_trace_open_before_never_replaces_the_trace_opened_since()
    {
        var log = await NewProjectAsync("late-answer");
        await log.InsertAsync(AgentTrace("t-first", "What is the weather in Oslo?", "4 °C and cloudy.", secondsAgo: 20));
        await log.InsertAsync(AgentTrace("t-second", "What is the weather in Rome?", "18 °C and sunny.", secondsAgo: 10, city: "Rome"));
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));
        await Row("Oslo").ClickAsync();
        await Expect(Details.Locator("[data-section='Input']")).ToContainTextAsync("Oslo");

        // From now on the network holds the first trace's reads until the test lets one through: a slow answer.
        var held = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Page.RouteAsync(new Regex("/traces/t-first$"), route =>
        {
            held.TrySetResult(route);
            return Task.CompletedTask;
        });
        // A change to the open trace: the live stream makes the view read it again, and that read is held.
        await log.InsertAsync(new JsonObject
        {
            ["id"] = "row-t-first", ["span_id"] = "t-first", ["root_span_id"] = "t-first", ["_is_merge"] = true,
            ["metadata"] = new JsonObject { ["reviewed"] = true },
        });
        var lateRead = await held.Task.WaitAsync(TimeSpan.FromSeconds(15));

        // Meanwhile the user opens the other trace; then the first trace's answer arrives.
        await Row("Rome").ClickAsync();
        await Expect(Details.Locator("[data-section='Input']")).ToContainTextAsync("Rome");
        var lateAnswerRead = Page.WaitForRequestFinishedAsync(new() { Predicate = r => r.Url.EndsWith("/traces/t-first", StringComparison.Ordinal) });
        await lateRead.ContinueAsync();
        await lateAnswerRead;
        // Past the answer's handling: a task queued now runs after the fetch's continuation has had its turn.
        await Page.EvaluateAsync("() => new Promise(resolve => setTimeout(resolve, 0))");

        await Expect(Details.Locator("[data-section='Input']")).ToContainTextAsync("Rome");
        await Expect(Tree.GetByText("lookup_weather")).ToBeVisibleAsync();
        await Tree.GetByText("lookup_weather").ClickAsync();
        await Expect(Details.Locator("[data-section='Input']")).ToContainTextAsync("\"city\": \"Rome\"");
        await Expect(Page).ToHaveURLAsync(new Regex("/traces/t-second"));
    }

    [Test]
    public async Task Feedback_given_in_the_ui_changes_the_score_at_once_and_bad_input_names_the_field()
    {
        var log = await NewProjectAsync("feedback");
        await log.InsertAsync(AgentTrace("t-fb", "Summarise the meeting", "We agreed to ship on Friday."));
        await SignInAsync();
        await Page.GotoAsync($"/orgs/{await Server.OrgIdAsync()}/projects/{log.ProjectId}/traces/t-fb");
        await Expect(Details.GetByRole(AriaRole.Heading, new() { Name = "answer_question" })).ToBeVisibleAsync();

        await Details.GetByLabel("Score name").FillAsync("accuracy");
        await Details.GetByLabel("Score value").FillAsync("7");
        await Details.GetByRole(AriaRole.Button, new() { Name = "Save feedback" }).ClickAsync();
        await Expect(Details.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Score value: enter a number from 0 to 1.");

        await Details.GetByLabel("Score value").FillAsync("0.25");
        await Details.GetByLabel("Comment").FillAsync("Missed the budget item.");
        await Details.GetByRole(AriaRole.Button, new() { Name = "Save feedback" }).ClickAsync();
        await Expect(Details.Locator(".span-scores [data-score='accuracy']")).ToContainTextAsync("accuracy 0.25");
        await Expect(Details.Locator("[data-section='Comments']")).ToContainTextAsync("Missed the budget item.");

        await Details.GetByRole(AriaRole.Button, new() { Name = "Thumbs up" }).ClickAsync();
        await Expect(Details.Locator(".span-scores [data-score='user_rating']")).ToContainTextAsync("user_rating 1");
        await Details.GetByRole(AriaRole.Button, new() { Name = "Thumbs down" }).ClickAsync();
        await Expect(Details.Locator(".span-scores [data-score='user_rating']")).ToContainTextAsync("user_rating 0");

        // The table row (kept live) shows the new scores too.
        await Expect(Row("Summarise the meeting").Locator("[data-score='accuracy']")).ToContainTextAsync("0.25");
        await ScreenshotAsync("feedback");
    }

    [Test]
    public async Task A_parent_without_its_own_score_shows_its_childrens_average_marked_as_averaged()
    {
        var log = await NewProjectAsync("averages");
        await log.InsertAsync(
            SpanLog.Span("avg-root", "avg-root", null, "grade_essay", "task", JsonValue.Create("essay"), JsonValue.Create("B+"), 10, 2),
            SpanLog.Span("avg-s1", "avg-root", "avg-root", "rubric_a", "score", null, null, 9, 0.2, new JsonObject { ["scores"] = new JsonObject { ["quality"] = 0.5 } }),
            SpanLog.Span("avg-s2", "avg-root", "avg-root", "rubric_b", "score", null, null, 8.5, 0.2, new JsonObject { ["scores"] = new JsonObject { ["quality"] = 1.0 } }));
        await SignInAsync();
        await Page.GotoAsync($"/orgs/{await Server.OrgIdAsync()}/projects/{log.ProjectId}/traces/avg-root");

        var rootScore = Tree.Locator("[data-span-id='avg-root'] [data-score='quality']");
        await Expect(rootScore).ToContainTextAsync("quality 0.75 avg");
        await Expect(rootScore).ToHaveClassAsync(new Regex("averaged"));
        var childScore = Tree.Locator("[data-span-id='avg-s1'] [data-score='quality']");
        await Expect(childScore).ToContainTextAsync("quality 0.5");
        await Expect(childScore).Not.ToHaveClassAsync(new Regex("averaged"));
    }

    [Test]
    public async Task A_new_trace_arrives_live_without_moving_the_users_scroll_or_selection()
    {
        var log = await OpenLiveLogsAsync("live", requests: 60);

        Assert.That(await Page.GetByTestId("trace-scroller").EvaluateAsync<double>("el => (el.scrollTop = 400, el.scrollTop)"), Is.EqualTo(400));
        var selected = Row("request 40");
        await selected.ClickAsync();
        await Expect(selected).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(TracePanel).ToBeVisibleAsync();
        var before = (await selected.BoundingBoxAsync())!.Y;

        await log.InsertAsync(SpanLog.Span("live-new", "live-new", null, "brand new request", "task", JsonValue.Create("arrived live"), JsonValue.Create("ok"), 1, 0.5));
        await Expect(Page.Locator(".table-footer")).ToContainTextAsync("61 traces loaded");

        Assert.That((await selected.BoundingBoxAsync())!.Y, Is.EqualTo(before).Within(1), "the row the user looks at stayed in place");
        await Expect(selected).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Page).ToHaveURLAsync(new Regex("/traces/live-40"));

        await Page.GetByTestId("trace-scroller").EvaluateAsync("el => { el.scrollTop = 0; }");
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("brand new request");
        await Page.Keyboard.PressAsync("Escape");
        await Expect(TracePanel).ToHaveCountAsync(0);
        await ScreenshotAsync("logs-live");
    }

    [Test]
    public async Task At_the_top_a_new_trace_shows_first_but_an_open_trace_keeps_its_row_in_place()
    {
        var log = await OpenLiveLogsAsync("live-top", requests: 20);

        // Watching the top with nothing open: the new trace pushes in as the first row, in view.
        var formerFirst = Row("request 19");
        var formerFirstY = (await formerFirst.BoundingBoxAsync())!.Y;
        await log.InsertAsync(SpanLog.Span("top-new-1", "top-new-1", null, "first arrival", "task", JsonValue.Create("live"), JsonValue.Create("ok"), 2, 0.5));
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("first arrival");
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1)).ToBeInViewportAsync();
        Assert.That((await formerFirst.BoundingBoxAsync())!.Y, Is.EqualTo(formerFirstY + 36).Within(1), "the rows moved down by the one new row");

        // A row opened while at the top stays where it is; the next arrival goes above it, out of view.
        var selected = Row("request 15");
        await selected.ClickAsync();
        await Expect(TracePanel).ToBeVisibleAsync();
        var before = (await selected.BoundingBoxAsync())!.Y;
        await log.InsertAsync(SpanLog.Span("top-new-2", "top-new-2", null, "second arrival", "task", JsonValue.Create("live"), JsonValue.Create("ok"), 1, 0.5));
        await Expect(Page.Locator(".table-footer")).ToContainTextAsync("22 traces loaded");

        Assert.That((await selected.BoundingBoxAsync())!.Y, Is.EqualTo(before).Within(1), "the open trace's row stayed in place");
        await Expect(selected).ToHaveAttributeAsync("aria-selected", "true");
        await Page.GetByTestId("trace-scroller").EvaluateAsync("el => { el.scrollTop = 0; }");
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("second arrival");
    }

    [Test]
    public async Task A_row_opened_at_the_bottom_of_the_table_stays_in_view_when_the_trace_panel_narrows_the_table()
    {
        var log = await NewProjectAsync("reveal");
        await log.InsertAsync(NumberedRequests(40));
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));
        await Expect(Page.Locator(".table-footer")).ToContainTextAsync("40 traces loaded");

        var lastWhollyInView = await Page.GetByTestId("trace-scroller").EvaluateAsync<string>("""
            el => {
              const bottom = el.getBoundingClientRect().bottom;
              const rows = [...el.querySelectorAll("[data-trace-id]")].filter(r => r.getBoundingClientRect().bottom <= bottom);
              return rows.sort((a, b) => b.getBoundingClientRect().bottom - a.getBoundingClientRect().bottom)[0].dataset.traceId;
            }
            """);
        var opened = Table.Locator($"[data-trace-id='{lastWhollyInView}']");
        await opened.ClickAsync();
        await Expect(TracePanel).ToBeVisibleAsync();
        await Expect(opened).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(opened).ToBeInViewportAsync(new() { Ratio = 1 });
    }

    /// <summary>Traces "request 00" (oldest) to "request NN" (newest), one second apart, all minutes old.</summary>
    [Test]
    public async Task A_burst_of_more_new_traces_than_a_page_holds_arrives_live_without_a_hole()
    {
        var log = await OpenLiveLogsAsync("burst", requests: 60);

        // 150 traces in one request: more than the 100 newest one page holds, all newer than everything loaded.
        await log.InsertAsync([.. Enumerable.Range(0, 150).Select(i =>
            SpanLog.Span($"burst-{i:D3}", $"burst-{i:D3}", null, $"burst {i:D3}", "task", JsonValue.Create($"burst question {i:D3}"), JsonValue.Create("ok"), 300 - i, 0.5))]);

        await Expect(Page.Locator(".table-footer")).ToContainTextAsync("210 traces loaded");
        await Expect(Page.Locator(".new-traces")).ToHaveCountAsync(0);
        // The oldest of the burst sits right above the newest trace loaded before it.
        await Page.GetByTestId("trace-scroller").EvaluateAsync("el => { el.scrollTop = 149 * 36 - 72; }");
        await Expect(Row("burst 000")).ToBeVisibleAsync();
        await Expect(Row("request 59")).ToBeVisibleAsync();
    }

    [Test]
    public async Task A_deep_link_to_a_trace_far_down_the_table_shows_its_row_selected_and_in_view()
    {
        var log = await NewProjectAsync("deep-row");
        await log.InsertAsync(NumberedRequests(60));
        await SignInAsync();

        // request 03 is the 57th row, newest first: far below the first screenful.
        await Page.GotoAsync($"/orgs/{await Server.OrgIdAsync()}/projects/{log.ProjectId}/traces/live-03");

        await Expect(TracePanel).ToBeVisibleAsync();
        var row = Row("request 03");
        await Expect(row).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(row).ToBeInViewportAsync();
    }

    /// <summary>
    /// A new project holding <paramref name="requests"/> numbered traces, its logs table open and live, every row in
    /// (<c>● live</c> only says the event stream is open; scrolling before the rows are in would be clamped to the top).
    /// </summary>
    private async Task<SpanLog> OpenLiveLogsAsync(string project, int requests)
    {
        var log = await NewProjectAsync(project);
        await log.InsertAsync(NumberedRequests(requests));
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));
        await Expect(Page.Locator(".live-indicator")).ToHaveTextAsync("● live");
        await Expect(Page.Locator(".table-footer")).ToContainTextAsync($"{requests} traces loaded");
        return log;
    }

    private static JsonObject[] NumberedRequests(int count) => Enumerable.Range(0, count)
        .Select(i => SpanLog.Span($"live-{i:D2}", $"live-{i:D2}", null, $"request {i:D2}", "task", JsonValue.Create($"question {i:D2}"), JsonValue.Create("ok"), 600 - i, 0.5))
        .ToArray();

    [Test]
    public async Task An_open_trace_shows_a_span_logged_after_it_was_opened()
    {
        var log = await NewProjectAsync("late-span");
        await log.InsertAsync(SpanLog.Span("late-root", "late-root", null, "long_running_job", "task", JsonValue.Create("start"), null, 30, 20));
        await SignInAsync();
        await Page.GotoAsync($"/orgs/{await Server.OrgIdAsync()}/projects/{log.ProjectId}/traces/late-root");
        await Expect(Tree.GetByRole(AriaRole.Treeitem)).ToHaveCountAsync(1);
        await Expect(Page.Locator(".live-indicator")).ToHaveTextAsync("● live");

        await log.InsertAsync(SpanLog.Span("late-child", "late-root", "late-root", "late_child_step", "function", JsonValue.Create("step input"), JsonValue.Create("step output"), 25, 2));
        await Expect(Tree.GetByRole(AriaRole.Treeitem)).ToHaveCountAsync(2);
        await Expect(Tree.GetByText("late_child_step")).ToBeVisibleAsync();
    }

    [Test]
    public async Task The_keyboard_moves_through_the_table_and_the_tree_and_back_forward_work()
    {
        var log = await NewProjectAsync("keyboard");
        await log.InsertAsync(AgentTrace("kb-old", "older question", "older answer", secondsAgo: 30));
        await log.InsertAsync(AgentTrace("kb-new", "newer question", "newer answer", secondsAgo: 10));
        await SignInAsync();
        var logsUrl = await LogsUrlAsync(log);
        await Page.GotoAsync(logsUrl);
        await Expect(Row("older question")).ToBeVisibleAsync();

        await Page.GetByTestId("trace-scroller").FocusAsync();
        await Page.Keyboard.PressAsync("ArrowDown");
        await Page.Keyboard.PressAsync("Enter");
        await Expect(Page).ToHaveURLAsync(new Regex("/traces/kb-old"));
        await Expect(Details.GetByRole(AriaRole.Heading, new() { Name = "answer_question" })).ToBeVisibleAsync();

        await Tree.FocusAsync();
        await Page.Keyboard.PressAsync("ArrowDown");
        await Expect(Details.GetByRole(AriaRole.Heading, new() { Name = "chat.completions" })).ToBeVisibleAsync();
        await Page.Keyboard.PressAsync("ArrowLeft"); // collapse the LLM span
        await Expect(Tree.GetByText("lookup_weather")).ToHaveCountAsync(0);
        await Page.Keyboard.PressAsync("ArrowRight"); // expand it again
        await Page.Keyboard.PressAsync("ArrowRight"); // to its first child
        await Expect(Details.GetByRole(AriaRole.Heading, new() { Name = "lookup_weather" })).ToBeVisibleAsync();

        await Page.Keyboard.PressAsync("Escape");
        await Expect(TracePanel).ToHaveCountAsync(0);
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/traces/kb-old"));
        await Expect(Tree).ToBeVisibleAsync();
        await Page.GoBackAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/logs$"));
        await Page.GoForwardAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/traces/kb-old"));
    }

    [Test]
    public async Task A_live_refresh_answering_after_the_filters_changed_adds_no_trace_of_the_old_filters()
    {
        var log = await NewProjectAsync("late-refresh");
        await log.InsertAsync(
            SpanLog.Span("r-ok", "r-ok", null, "fast ok", "task", JsonValue.Create("fine input"), JsonValue.Create("fine output"), 30, 0.2),
            SpanLog.Span("r-err", "r-err", null, "slow failure", "task", JsonValue.Create("broken input"), null, 20, 3,
                new JsonObject { ["error"] = "TimeoutException: upstream took too long" }));
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));
        await Expect(Table.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Expect(Page.Locator(".live-indicator")).ToHaveTextAsync("● live");

        // From now on the network holds list reads without the error filter until the test lets one through.
        var held = new TaskCompletionSource<IRoute>(TaskCreationOptions.RunContinuationsAsynchronously);
        await Page.RouteAsync(url => url.Contains("/traces?", StringComparison.Ordinal) && !url.Contains("error=true", StringComparison.Ordinal), route =>
        {
            held.TrySetResult(route);
            return Task.CompletedTask;
        });
        // A new trace: the live stream makes the unfiltered table read its newest rows, and that read is held.
        await log.InsertAsync(SpanLog.Span("r-new", "r-new", null, "late ok", "task", JsonValue.Create("new input"), JsonValue.Create("new output"), 1, 0.2));
        var lateRefresh = await held.Task.WaitAsync(TimeSpan.FromSeconds(15));

        // Meanwhile the user shows errors only; then the unfiltered answer arrives.
        await Page.GetByLabel("Errors").SelectOptionAsync("true");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Table.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        var lateAnswerRead = Page.WaitForRequestFinishedAsync(new() { Predicate = r => r.Url == lateRefresh.Request.Url });
        await lateRefresh.ContinueAsync();
        await lateAnswerRead;
        // Past the answer's handling: a task queued now runs after the fetch's continuation has had its turn.
        await Page.EvaluateAsync("() => new Promise(resolve => setTimeout(resolve, 0))");

        await Expect(Row("late ok")).ToHaveCountAsync(0);
        await Expect(Row("fast ok")).ToHaveCountAsync(0);
        await Expect(Table.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(Row("slow failure")).ToBeVisibleAsync();
    }

    [Test]
    public async Task Filters_columns_and_sorting_change_what_the_table_shows()
    {
        var log = await NewProjectAsync("filters");
        await log.InsertAsync(
            SpanLog.Span("f-ok", "f-ok", null, "fast ok", "task", JsonValue.Create("fine input"), JsonValue.Create("fine output"), 30, 0.2),
            SpanLog.Span("f-err", "f-err", null, "slow failure", "task", JsonValue.Create("broken input"), null, 20, 3,
                new JsonObject { ["error"] = "TimeoutException: upstream took too long" }),
            SpanLog.Span("f-old", "f-old", null, "yesterday's run", "task", JsonValue.Create("old input"), JsonValue.Create("old output"), 7200, 1));
        await SignInAsync();
        await Page.GotoAsync(await LogsUrlAsync(log));
        await Expect(Table.GetByRole(AriaRole.Row)).ToHaveCountAsync(4);

        await Page.GetByLabel("Time range").SelectOptionAsync(new SelectOptionValue { Label = "last hour" });
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Row("yesterday's run")).ToHaveCountAsync(0);
        await Expect(Table.GetByRole(AriaRole.Row)).ToHaveCountAsync(3);
        await Expect(Page).ToHaveURLAsync(new Regex("from="));

        await Page.GetByLabel("Errors").SelectOptionAsync("true");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Table.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(Row("slow failure")).ToContainTextAsync("error");
        await Expect(Page).ToHaveURLAsync(new Regex("error=true"));

        await Page.GetByLabel("Score range").FillAsync("accuracy");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Search).GetByRole(AriaRole.Alert)).ToContainTextAsync("score: use name:min:max");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await Expect(Table.GetByRole(AriaRole.Row)).ToHaveCountAsync(4);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Duration" }).ClickAsync(); // longest first
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("slow failure");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Duration ▼" }).ClickAsync(); // shortest first
        await Expect(Table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("fast ok");
        await Expect(Table.GetByRole(AriaRole.Row).Nth(3)).ToContainTextAsync("slow failure");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Columns" }).ClickAsync();
        await Page.GetByRole(AriaRole.Group, new() { Name = "Visible columns" }).GetByLabel("Output").UncheckAsync();
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Output" })).ToHaveCountAsync(0);
        await Page.ReloadAsync();
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Input" })).ToBeVisibleAsync();
        await Expect(Table.GetByRole(AriaRole.Columnheader, new() { Name = "Output" })).ToHaveCountAsync(0);
    }
}
